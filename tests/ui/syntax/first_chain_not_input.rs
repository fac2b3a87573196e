tinyml::tiny_model! {
    pub Net: f32 = x -> relu;
}
fn main() {}
