tinyml::tiny_model! {
    pub Net: f32 = input[8] -> mean;
}
fn main() {}
