// A layer whose weights would take more than 2 GiB is an error on it.
tinyml::tiny_model! {
    pub Net: f32 = input[65536] -> dense(65536);
    weights = include_bytes!("../weights_data/card.bin");
}

fn main() {}
