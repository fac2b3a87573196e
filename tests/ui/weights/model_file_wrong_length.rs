tinyml::tiny_model! {
    pub Net: f32 = input[8, 8, 2] -> conv2d(4, 3x3) -> relu -> flatten -> dense(3);
    weights = include_bytes!("../weights_data/card.bin");
}
fn main() {}
