// A word after `input[…]` that is not `streaming`.
tinyml::tiny_model! {
    pub Gesture: f32 = input[8, 1] streamng -> flatten;
}

fn main() {}
