// TFLM's int8 LOGISTIC computes only scale 1/256 and zero point -128.
tinyml::tiny_model! {
    pub Net: i8 = input[4] -> sigmoid;
    weights = include_bytes!("../weights_data/sigmoid_wrong_output.tmw");
}
fn main() {}
