tinyml::tiny_model! {
    pub Net: f64 = input[4] -> relu;
}
fn main() {}
