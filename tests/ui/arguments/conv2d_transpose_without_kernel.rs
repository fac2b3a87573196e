tinyml::tiny_model! {
    pub Net: f32 = input[4, 4, 2] -> conv2d_transpose(8);
}
fn main() {}
