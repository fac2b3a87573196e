// Tensors that each fit but together exceed 2 GiB of arena: an error on the
// model's name.
tinyml::tiny_model! {
    pub Net: f32 = input[268435456] -> relu as a;
    a -> relu6 as b;
    add(a, b);
}

fn main() {}
