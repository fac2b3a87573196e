tinyml::tiny_model! {
    pub Net: f32 = input[16, 2] -> depthwise_conv1d(3, dilation = 2);
}
fn main() {}
