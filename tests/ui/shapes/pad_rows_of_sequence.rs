// A sequence is one row: only `left` and `right` pad its steps.
tinyml::tiny_model! {
    pub Net: f32 = input[8, 2] -> pad(top = 1, left = 1);
}
fn main() {}
