tinyml::tiny_model! {
    pub Net: u16 = input[4] -> relu;
}
fn main() {}
