// `pad` in f32, fixed point and i8 (the border is the zero point), on a
// sequence's steps, and MobileNet's bottom/right padding before a stride-2
// window.
use tinyml::fixed::types::I16F16;
use tinyml::tiny_model;

tiny_model! {
    pub PadF32: f32 = input[1, 2, 2] -> pad(top = 1, bottom = 1, left = 1);
}

tiny_model! {
    pub PadFixed: I16F16 = input[1, 1, 1] -> pad(right = 2);
}

tiny_model! {
    pub PadThenPool: f32 = input[3, 3, 1]
        -> pad(bottom = 1, right = 1)
        -> max_pool(2x2, stride = 2);
}

tiny_model! {
    pub PadSteps: f32 = input[3, 1] -> pad(left = 1, right = 2);
}

tiny_model! {
    pub PadI8: i8 = input[1, 2, 1] -> pad(top = 1, right = 1);
    weights = include_bytes!("../weights_data/pad.tmw");
}

fn main() {
    let mut model = PadF32::new();
    let out = model.predict(&[1.0, 2.0, 3.0, 4.0]);
    assert_eq!(PadF32::OUTPUT_SHAPE, [3, 3, 2]);
    #[rustfmt::skip]
    assert_eq!(out, &[
        0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
        0.0, 0.0, 1.0, 2.0, 3.0, 4.0,
        0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
    ]);
    assert_eq!(PadF32::MACS, 0);
    let x = I16F16::from_num::<f32>;
    assert_eq!(PadFixed::new().predict(&[x(1.5)]), &[x(1.5), x(0.0), x(0.0)]);
    // A 4x4 frame: each window sees -1.0 and, but for the first, the padding's 0.
    assert_eq!(PadThenPool::OUTPUT_SHAPE, [2, 2, 1]);
    assert_eq!(PadThenPool::new().predict(&[-1.0; 9]), &[-1.0, 0.0, 0.0, 0.0]);
    // A sequence: the steps are padded (Keras' ZeroPadding1D).
    assert_eq!(PadSteps::OUTPUT_SHAPE, [6, 1]);
    assert_eq!(PadSteps::new().predict(&[1.0, 2.0, 3.0]), &[0.0, 1.0, 2.0, 3.0, 0.0, 0.0]);
    // The file's input and output: scale 0.5, zero point -3.
    assert_eq!(PadI8::new().predict(&[7, 8]), &[-3, -3, -3, 7, 8, -3]);
}
