// `mean` over height and width, in f32 and fixed point, and its shape rule.
use tinyml::fixed::types::I16F16;
use tinyml::tiny_model;

tiny_model! {
    pub MeanF32: f32 = input[2, 3, 2] -> mean;
}

tiny_model! {
    pub MeanFixed: I16F16 = input[2, 2, 1] -> relu -> mean;
}

fn main() {
    let input: [f32; 12] = core::array::from_fn(|i| i as f32);
    // Channel 0 holds 0, 2, …, 10; channel 1 holds 1, 3, …, 11.
    assert_eq!(MeanF32::new().predict(&input), &[5.0, 6.0]);
    assert_eq!(MeanF32::OUTPUT_SHAPE, [2]);
    assert_eq!(MeanF32::MACS, 0);
    let x = I16F16::from_num::<f32>;
    let out = MeanFixed::new().predict(&[x(-1.0), x(2.0), x(3.0), x(5.0)])[0];
    assert_eq!(out, x(2.5));
}
