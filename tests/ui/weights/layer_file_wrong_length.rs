tinyml::tiny_model! {
    pub Net: f32 = input[8, 8, 2] -> conv2d(
        4, 3x3,
        weights = include_bytes!("../weights_data/dw_1x3x3x8.bin"),
        bias = include_bytes!("../weights_data/bias_8.bin"),
    );
}
fn main() {}
