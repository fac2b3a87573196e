tinyml::tiny_model! {
    pub Net: f32 = input[] -> flatten;
}
fn main() {}
