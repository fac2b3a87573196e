tinyml::tiny_model! {
    pub Net: f32 = input[4] -> relu as x;
    x -> relu6 as y;
    outputs = (x, y, x);
}
fn main() {}
