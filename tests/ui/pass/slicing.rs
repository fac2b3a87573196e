// Data-movement layers: `slice` crops a sequence (Keras' `Cropping1D`) and
// strides over an image, `transpose` and `tile` reorder and repeat, in f32,
// fixed point and i8 (where they copy bytes and keep the quantization, so
// they need no record of the weights file).
use tinyml::fixed::types::I16F16;
use tinyml::tiny_model;

tiny_model! {
    pub Crop: f32 = input[5, 3] -> slice(begin = [1, 0], end = [4, _]);
}

tiny_model! {
    pub EverySecond: I16F16 = input[4, 4, 2] -> slice(begin = [0, 1, 1], stride = [2, 2, 1]);
}

tiny_model! {
    pub Moves: f32 = input[2, 3] -> transpose(perm = [1, 0]) -> tile(multiples = [1, 2]);
}

tiny_model! {
    pub Moves8: i8 = input[2, 4]
        -> transpose(perm = [1, 0])
        -> tile(multiples = [2, 1])
        -> slice(begin = [2, 0], end = [6, _])
        -> max_pool1d(2, stride = 1)
        -> global_avg_pool;
    weights = include_bytes!("../weights_data/pools1d.tmw");
}

fn main() {
    let input: [f32; 15] = core::array::from_fn(|i| i as f32);
    let out = *Crop::new().predict(&input);
    assert_eq!(Crop::OUTPUT_SHAPE, [3, 3]);
    assert_eq!(out, core::array::from_fn::<f32, 9, _>(|i| (i + 3) as f32));

    let q = I16F16::from_num::<usize>;
    let image: [I16F16; 32] = core::array::from_fn(q);
    let out = *EverySecond::new().predict(&image);
    assert_eq!(EverySecond::OUTPUT_SHAPE, [2, 2, 1]);
    // Rows 0 and 2, columns 1 and 3, channel 1.
    assert_eq!(out, [q(3), q(7), q(19), q(23)]);

    // [[1, 2, 3], [4, 5, 6]] → [[1, 4], [2, 5], [3, 6]], each row twice.
    let out = *Moves::new().predict(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    assert_eq!(Moves::OUTPUT_SHAPE, [3, 4]);
    assert_eq!(out, [1.0, 4.0, 1.0, 4.0, 2.0, 5.0, 2.0, 5.0, 3.0, 6.0, 3.0, 6.0]);

    // Transposed: steps [1, 3], [2, 5], [4, -7], [0, 1]; tiled twice and
    // steps 2..6 kept: [4, -7], [0, 1], [1, 3], [2, 5]; pairs' maxima [4, 1],
    // [1, 3], [2, 5]; their means 7/3 → 2 and 9/3 → 3.
    let out = *Moves8::new().predict(&[1, 2, 4, 0, 3, 5, -7, 1]);
    assert_eq!(out, [2, 3]);
}
