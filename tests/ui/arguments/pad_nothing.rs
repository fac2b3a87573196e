tinyml::tiny_model! {
    pub Net: f32 = input[4, 4, 1] -> pad(top = 0);
}
fn main() {}
