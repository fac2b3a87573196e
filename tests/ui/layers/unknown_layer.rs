tinyml::tiny_model! {
    pub Net: f32 = input[8, 8, 1] -> conv2 (4, 3x3) -> dense(2);
    weights = include_bytes!("../weights_data/dense_2x4.bin");
}
fn main() {}
