tinyml::tiny_model! {
    pub Net: f32 = input[8] -> gru(4) -> softmax;
}
fn main() {}
