// A streaming model is one chain.
tinyml::tiny_model! {
    pub Twice: f32 = input[6, 2] streaming -> max_pool1d(2) as pooled;
    add(pooled, pooled) -> flatten;
}

fn main() {}
