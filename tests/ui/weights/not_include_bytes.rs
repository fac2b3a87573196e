tinyml::tiny_model! {
    pub Net: f32 = input[4] -> dense(2);
    weights = include_str!("../weights_data/dense_2x4.bin");
}
fn main() {}
