// The element-wise activations `leaky_relu`, `sigmoid`, `tanh` and
// `hard_swish` on any shape, in f32 and fixed point, in place.
use tinyml::fixed::types::{I16F16, I8F8};
use tinyml::tiny_model;

tiny_model! {
    pub Activations: f32 = input[2, 3]
        -> leaky_relu(alpha = 0.5)
        -> hard_swish
        -> tanh
        -> sigmoid;
}

tiny_model! {
    pub LeakyFixed: I8F8 = input[2, 2, 1] -> leaky_relu(alpha = 1e-1) -> sigmoid;
}

tiny_model! {
    pub SwishFixed: I16F16 = input[3] -> hard_swish -> leaky_relu(alpha = 0) -> tanh;
}

fn main() {
    assert_eq!(Activations::OUTPUT_SHAPE, [2, 3]);
    assert_eq!((Activations::PARAMS, Activations::MACS), (0, 0));
    // Every layer works in place in the caller's input's copy.
    assert_eq!(Activations::RAM_BYTES, 6 * 4);
    let out = *Activations::new().predict(&[-8.0, -1.0, 0.0, 1.0, 3.0, 8.0]);
    // hard_swish(-4) = -0 and hard_swish(0) = 0, so sigmoid(tanh(…)) = 1/2
    // exactly; -1 leaks through leaky_relu and hard_swish below 1/2.
    assert_eq!([out[0], out[2]], [0.5, 0.5]);
    assert!(out[1] < 0.5, "{out:?}");
    let top = 1.0 / (1.0 + (-(8.0f64.tanh())).exp());
    assert!((f64::from(out[5]) - top).abs() < 1e-7, "{out:?}");
    let x = I8F8::from_num::<f32>;
    // leaky_relu(-2) = -0.2 (as I8F8: -0.19921875), sigmoid of it in f32,
    // rounded to I8F8.
    let out = *LeakyFixed::new().predict(&[x(-2.0), x(0.0), x(4.0), x(-100.0)]);
    assert_eq!(out[1], x(0.5));
    assert_eq!(out[0], x(1.0 / (1.0 + 0.199_218_75f32.exp())));
    let y = I16F16::from_num::<f32>;
    let out = *SwishFixed::new().predict(&[y(-4.0), y(-1.5), y(3.0)]);
    assert_eq!(out[..2], [y(0.0), y(0.0)]);
    assert_eq!(out[2], y(3.0f32.tanh()));
}
