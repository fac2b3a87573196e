// All mistakes of a model are reported in one compile.
tinyml::tiny_model! {
    pub Net: f32 = input[8, 8, 2]
        -> conv2d(4, 3x3, stides = 2)
        -> max_pool(2x2, padding = same, padding = valid)
        -> dens(10)
        -> softmax;
}
fn main() {}
