// A dimension that does not fit `usize` says so.
tinyml::tiny_model! {
    pub Net: f32 = input[18446744073709551616] -> relu;
}

fn main() {}
