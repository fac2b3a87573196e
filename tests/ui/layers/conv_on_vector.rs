tinyml::tiny_model! {
    pub Net: f32 = input[8, 8, 2] -> flatten -> conv2d(4, 3x3);
    weights = include_bytes!("../weights_data/conv_4x3x3x2.bin");
}
fn main() {}
