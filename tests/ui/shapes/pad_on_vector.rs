tinyml::tiny_model! {
    pub Net: f32 = input[8] -> pad(left = 1);
}
fn main() {}
