// The macro proves the int32 accumulator cannot overflow, from the weights.
tinyml::tiny_model! {
    pub Net: i8 = input[4] -> dense(2);
    weights = include_bytes!("../weights_data/accumulator_overflow.tmw");
}
fn main() {}
