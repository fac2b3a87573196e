tinyml::tiny_model! {
    pub Net: f32 = input[2] -> dense(2, weights = include_bytes!("../weights_data/bias_4.bin"));
    weights = include_bytes!("../weights_data/dense_3x8.bin");
}
fn main() {}
