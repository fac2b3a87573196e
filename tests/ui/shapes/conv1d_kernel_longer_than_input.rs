tinyml::tiny_model! {
    pub Net: f32 = input[4, 3] -> conv1d(8, 5);
}
fn main() {}
