// `conv2d_transpose` in f32, fixed point and i8 (TFLM's unfolded sum: the
// zero point subtracted per tap, the raw bias added), and its shape rule.
use tinyml::fixed::types::I16F16;
use tinyml::tiny_model;

tiny_model! {
    pub UpF32: f32 = input[2, 1, 1]
        -> conv2d_transpose(1, 2x2, stride = 2, padding = same,
                            weights = include_bytes!("../weights_data/tconv_1x2x2x1.bin"),
                            bias = include_bytes!("../weights_data/half_1.bin"))
        -> relu;
}

tiny_model! {
    pub UpFixed: I16F16 = input[1, 1, 1]
        -> conv2d_transpose(1, 2x2, stride = 1,
                            weights = include_bytes!("../weights_data/tconv_1x2x2x1.bin"),
                            bias = include_bytes!("../weights_data/half_1.bin"));
}

tiny_model! {
    pub UpI8: i8 = input[1, 2, 1] -> conv2d_transpose(1, 1x2, stride = 1x2);
    weights = include_bytes!("../weights_data/conv2d_transpose.tmw");
}

fn main() {
    assert_eq!(UpF32::OUTPUT_SHAPE, [4, 2, 1]);
    let mut model = UpF32::new();
    // Pixels 1 and -1: the second block is negative before the relu.
    assert_eq!(model.predict(&[1.0, -1.0]), &[1.5, 2.5, 3.5, 4.5, 0.0, 0.0, 0.0, 0.0]);
    assert_eq!(UpF32::MACS, 2 * 4);
    // Stride 1, valid: a 1x1 input gives the 2x2 kernel itself.
    let x = I16F16::from_num::<f32>;
    assert_eq!(UpFixed::OUTPUT_SHAPE, [2, 2, 1]);
    assert_eq!(UpFixed::new().predict(&[x(2.0)]), &[x(2.5), x(4.5), x(6.5), x(8.5)]);
    // conv2d_transpose.tmw: input zero point -1, weights [2, -3], bias 10,
    // multiplier 0.5, output zero point 5: (3+1)·2+10 = 18 → 14, …
    assert_eq!(UpI8::new().predict(&[3, -5]), &[14, 4, 6, 16]);
}
