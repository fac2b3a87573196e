tinyml::tiny_model! {
    pub Net: f32 = input[4] -> relu as x;
    sub(x);
}
fn main() {}
