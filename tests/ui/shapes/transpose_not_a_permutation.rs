// Keras' Permute counts from 1; the DSL, like TFLite, from 0.
tinyml::tiny_model! {
    pub Net: f32 = input[4, 3] -> transpose(perm = [2, 1]);
}
fn main() {}
