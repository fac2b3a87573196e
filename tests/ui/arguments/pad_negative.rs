tinyml::tiny_model! {
    pub Net: f32 = input[4, 4, 1] -> pad(bottom = 1, right = -1);
}
fn main() {}
