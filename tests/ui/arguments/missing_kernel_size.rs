tinyml::tiny_model! {
    pub Net: f32 = input[8, 8, 2] -> conv2d(4);
}
fn main() {}
