tinyml::tiny_model! {
    pub Net: f32 = input[8, 3] -> lstm(4, return_sequences = 1);
}
fn main() {}
