tinyml::tiny_model! {
    pub Net: f32 = input[16] -> conv2d_transpose(8, 3x3, stride = 2);
}
fn main() {}
