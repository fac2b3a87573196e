// TFLM's PAD copies int8 values: a record whose output quantization differs
// from its input's is refused.
tinyml::tiny_model! {
    pub Net: i8 = input[2, 2, 1] -> pad(top = 1);
    weights = include_bytes!("../weights_data/pad_requantizes.tmw");
}
fn main() {}
