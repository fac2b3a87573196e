tinyml::tiny_model! {
    pub Net: f32 = input[8, 8, 2] -> avg_pool(2x2, stride = 0);
}
fn main() {}
