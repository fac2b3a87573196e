tinyml::tiny_model! {
    pub Net: f32 = input[8, 8, 2] -> conv1d(4, 3);
}
fn main() {}
