// Data-movement layers: `slice` crops a sequence (Keras' `Cropping1D`) and
// strides over an image, in f32 and fixed point.
use tinyml::fixed::types::I16F16;
use tinyml::tiny_model;

tiny_model! {
    pub Crop: f32 = input[5, 3] -> slice(begin = [1, 0], end = [4, _]);
}

tiny_model! {
    pub EverySecond: I16F16 = input[4, 4, 2] -> slice(begin = [0, 1, 1], stride = [2, 2, 1]);
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
}
