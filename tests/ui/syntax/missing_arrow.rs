tinyml::tiny_model! {
    pub Net: f32 = input[4] relu;
}
fn main() {}
