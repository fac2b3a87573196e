tinyml::tiny_model! {
    pub Net: f32 = input[4] -> relu as x;
    x -> relu6;
    outputs = (x);
}
fn main() {}
