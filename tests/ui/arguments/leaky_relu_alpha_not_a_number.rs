tinyml::tiny_model! {
    pub Net: f32 = input[4] -> leaky_relu(alpha = "0.2");
}
fn main() {}
