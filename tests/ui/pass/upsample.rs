// `upsample` in f32, fixed point and i8 (no record: it keeps its input's
// quantization), as a decoder writes it before a convolution.
use tinyml::fixed::types::I8F8;
use tinyml::tiny_model;

tiny_model! {
    pub UpF32: f32 = input[2, 1, 2] -> upsample(1x2);
}

tiny_model! {
    pub UpFixed: I8F8 = input[1, 1, 1] -> upsample(3) -> relu;
}

tiny_model! {
    pub UpI8: i8 = input[1, 2, 1] -> pad(top = 1, right = 1) -> upsample(2);
    weights = include_bytes!("../weights_data/pad.tmw");
}

fn main() {
    assert_eq!(UpF32::OUTPUT_SHAPE, [2, 2, 2]);
    assert_eq!(UpF32::new().predict(&[1.0, 2.0, 3.0, 4.0]), &[1.0, 2.0, 1.0, 2.0, 3.0, 4.0, 3.0, 4.0]);
    assert_eq!(UpF32::MACS, 0);
    let x = I8F8::from_num::<f32>;
    assert_eq!(UpFixed::new().predict(&[x(-0.5)]), &[x(0.0); 9]);
    // pad.tmw: scale 0.5, zero point -3 for the input and the pad.
    assert_eq!(UpI8::OUTPUT_SHAPE, [4, 6, 1]);
    #[rustfmt::skip]
    assert_eq!(UpI8::new().predict(&[7, 8]), &[
        -3, -3, -3, -3, -3, -3,
        -3, -3, -3, -3, -3, -3,
        7, 7, 8, 8, -3, -3,
        7, 7, 8, 8, -3, -3,
    ]);
}
