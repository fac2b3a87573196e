tinyml::tiny_model! {
    pub Net: i8 = input[4] -> relu;
}
fn main() {}
