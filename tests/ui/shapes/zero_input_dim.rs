tinyml::tiny_model! {
    pub Net: f32 = input[4, 0, 1] -> flatten;
}
fn main() {}
