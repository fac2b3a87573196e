tinyml::tiny_model! {
    pub Net: f32 = input[8, 8, 2] -> max_pool(4x4) -> max_pool(4x4);
}
fn main() {}
