tinyml::tiny_model! {
    pub Net: f32 = input[8, 8, 2] -> max_pool(2x2, stride = 2, stride = 1);
}
fn main() {}
