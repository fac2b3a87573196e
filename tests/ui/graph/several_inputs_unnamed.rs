tinyml::tiny_model! {
    pub Net: f32 = input[4] as a;
    input[4] -> relu as b;
    add(a, b);
}
fn main() {}
