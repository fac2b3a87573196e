tinyml::tiny_model! {
    pub Net: f32 = input[8, 8, 2] -> depthwise_conv2d(3x3, multiplier = 0);
}
fn main() {}
