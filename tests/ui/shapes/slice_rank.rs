tinyml::tiny_model! {
    pub Net: f32 = input[4, 3] -> slice(begin = [1]);
}
fn main() {}
