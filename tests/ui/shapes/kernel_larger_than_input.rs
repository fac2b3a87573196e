tinyml::tiny_model! {
    pub Net: f32 = input[4, 4, 2] -> conv2d(4, 5x5);
}
fn main() {}
