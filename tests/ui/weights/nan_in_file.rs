tinyml::tiny_model! {
    pub Net: f32 = input[2] -> dense(
        2,
        weights = include_bytes!("../weights_data/has_nan.bin"),
        bias = include_bytes!("../weights_data/bias_2.bin"),
    );
}
fn main() {}
