tinyml::tiny_model! {
    pub Net: f32 = input[4]
        -> mul(constant[3], weights = include_bytes!("../weights_data/bias_3.bin"));
}
fn main() {}
