tinyml::tiny_model! {
    pub Net: f32 = input[8, 8, 2] -> conv2d(
        4, 3x3,
        strides = 2,
        weights = include_bytes!("../weights_data/conv_4x3x3x2.bin"),
        bias = include_bytes!("../weights_data/bias_4.bin"),
    );
}
fn main() {}
