tinyml::tiny_model! {
    pub Net: f32 = input[16, 2] -> max_pool1d(2, stride = 0);
}
fn main() {}
