tinyml::tiny_model! {
    pub Net: f32 = input[8] -> relu as x;
    x -> relu as y;
}
fn main() {}
