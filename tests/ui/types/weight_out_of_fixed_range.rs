tinyml::tiny_model! {
    pub Net: I4F4 = input[2] -> dense(
        2,
        weights = include_bytes!("../weights_data/too_large_for_i4f4.bin"),
        bias = include_bytes!("../weights_data/bias_2.bin"),
    );
}
fn main() {}
