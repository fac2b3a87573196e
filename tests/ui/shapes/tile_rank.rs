tinyml::tiny_model! {
    pub Net: f32 = input[4, 3] -> tile(multiples = [3]);
}
fn main() {}
