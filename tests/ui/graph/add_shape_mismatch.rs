tinyml::tiny_model! {
    pub Net: f32 = input[8] -> relu as x;
    x -> reshape[2, 4] as y;
    add(x, y);
}
fn main() {}
