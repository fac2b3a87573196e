tinyml::tiny_model! {
    pub Net: i8 = input[2, 1] -> lstm(1);
    weights = include_bytes!("../weights_data/lstm_cell_scale.tmw");
}
fn main() {}
