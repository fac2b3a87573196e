tinyml::tiny_model! {
    pub Net: f32 = input[8, 8, 2] -> max_pool(2x2, padding = full);
}
fn main() {}
