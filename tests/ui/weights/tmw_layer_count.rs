tinyml::tiny_model! {
    pub Net: i8 = input[8, 8, 1] -> conv2d(16, 3x3, padding = same) -> relu;
    weights = include_bytes!("../../../examples/digits/int8/weights.tmw");
}
fn main() {}
