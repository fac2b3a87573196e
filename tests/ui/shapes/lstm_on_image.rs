tinyml::tiny_model! {
    pub Net: f32 = input[4, 4, 2] -> lstm(3);
}
fn main() {}
