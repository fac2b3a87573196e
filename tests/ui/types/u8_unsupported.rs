tinyml::tiny_model! {
    pub Net: u8 = input[4] -> relu;
}
fn main() {}
