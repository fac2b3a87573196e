tinyml::tiny_model! {
    pub Net: f32 = input[8, 2] -> upsample(2);
}
fn main() {}
