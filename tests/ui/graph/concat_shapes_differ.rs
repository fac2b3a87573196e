tinyml::tiny_model! {
    pub Net: f32 = input[2, 3] -> relu as x;
    x -> flatten as y;
    concat(x, y);
}
fn main() {}
