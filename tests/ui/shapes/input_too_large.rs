// A tensor above `tinyml_spec::MAX_BYTES` (2 GiB) is an error with the
// number, not a model with a 4 TiB `RAM_BYTES`.
tinyml::tiny_model! {
    pub Net: f32 = input[1099511627776] -> relu;
}

fn main() {}
