// TFLite's negative indices count from the end; the DSL writes positions.
tinyml::tiny_model! {
    pub Net: f32 = input[4, 3] -> slice(begin = [-1, 0]);
}
fn main() {}
