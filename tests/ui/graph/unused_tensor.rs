tinyml::tiny_model! {
    pub Net: f32 = input[8] -> relu as x;
    x -> relu as y;
    x -> relu6;
}
fn main() {}
