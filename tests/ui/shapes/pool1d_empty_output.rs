tinyml::tiny_model! {
    pub Net: f32 = input[6, 2] -> max_pool1d(4) -> avg_pool1d(2);
}
fn main() {}
