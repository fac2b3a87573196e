tinyml::tiny_model! {
    pub Net: f32 = input[4] -> dense(
        2,
        padding = same,
        weights = include_bytes!("../weights_data/dense_2x4.bin"),
        bias = include_bytes!("../weights_data/bias_2.bin"),
    );
}
fn main() {}
