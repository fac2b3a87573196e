tinyml::tiny_model! {
    pub Net: f32 = input[4] -> relu(6);
}
fn main() {}
