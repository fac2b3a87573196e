tinyml::tiny_model! {
    pub Net: f32 = input[4]
        -> add(constant[], weights = include_bytes!("../weights_data/bias_4.bin"));
}
fn main() {}
