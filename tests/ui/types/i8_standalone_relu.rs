tinyml::tiny_model! {
    pub Net: i8 = input[4] -> relu;
    weights = include_bytes!("../weights_data/dense_2x4.bin");
}
fn main() {}
