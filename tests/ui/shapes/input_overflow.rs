// A shape whose element count overflows `usize` is an error on the dimension
// where it overflows, not a panic or a wrapped length.
tinyml::tiny_model! {
    pub Net: f32 = input[4294967296, 4294967296] -> relu;
}

fn main() {}
