tinyml::tiny_model! {
    pub Net: f32 = input[4] -> relu;
    weight = include_bytes!("x.bin");
}
fn main() {}
