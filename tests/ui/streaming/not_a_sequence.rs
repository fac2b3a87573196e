// Frames need a `[steps, channels]` input.
tinyml::tiny_model! {
    pub Image: f32 = input[4, 4, 1] streaming -> max_pool(2x2) -> flatten;
}

fn main() {}
