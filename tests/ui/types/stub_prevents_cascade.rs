// One mistake in the model; the code using the model reports nothing more.
tinyml::tiny_model! {
    pub Net: f32 = input[4] -> dense(2) -> sofmax;
    weights = include_bytes!("../weights_data/dense_2x4.bin");
}
fn main() {
    let mut net = Net::new();
    let out: &[f32; 2] = net.predict(&[0.0; 4]);
    let _ = out[0];
}
