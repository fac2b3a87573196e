tinyml::tiny_model! {
    pub Net: f32 = input[8, 3] -> lstm(4, cell_clip = 0.0);
}
fn main() {}
