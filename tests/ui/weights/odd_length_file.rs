tinyml::tiny_model! {
    pub Net: f32 = input[2] -> dense(2);
    weights = include_bytes!("../weights_data/odd_length.bin");
}
fn main() {}
