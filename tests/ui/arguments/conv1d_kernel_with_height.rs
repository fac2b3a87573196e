tinyml::tiny_model! {
    pub Net: f32 = input[16, 2] -> conv1d(4, 1x3);
}
fn main() {}
