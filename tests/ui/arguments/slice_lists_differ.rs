tinyml::tiny_model! {
    pub Net: f32 = input[4, 3] -> slice(begin = [1, 0], end = [3]);
}
fn main() {}
