// `lstm` in f32 (every step, or the last), fixed point and i8 (TFLM's
// integer LSTM), and its shape rule.
use tinyml::fixed::types::I16F16;
use tinyml::tiny_model;

tiny_model! {
    pub Every: f32 = input[2, 1]
        -> lstm(1, weights = include_bytes!("../weights_data/lstm_2x4.bin"),
                   bias = include_bytes!("../weights_data/lstm_bias_4.bin"));
}

tiny_model! {
    pub Last: f32 = input[2, 1]
        -> lstm(1, return_sequences = false, cell_clip = 0.25,
                weights = include_bytes!("../weights_data/lstm_2x4.bin"),
                bias = include_bytes!("../weights_data/lstm_bias_4.bin"));
}

tiny_model! {
    pub Fixed: I16F16 = input[2, 1]
        -> lstm(1, weights = include_bytes!("../weights_data/lstm_2x4.bin"),
                   bias = include_bytes!("../weights_data/lstm_bias_4.bin"));
}

tiny_model! {
    pub Quantized: i8 = input[2, 1] -> lstm(1);
    weights = include_bytes!("../weights_data/lstm.tmw");
}

fn main() {
    assert_eq!(Every::OUTPUT_SHAPE, [2, 1]);
    assert_eq!(Every::MACS, 2 * 2 * 4);
    assert_eq!(Every::PARAMS, 8 + 4);
    // The arena holds the output and the state: the cell (and, for the
    // last step only, the previous hidden state); i8's cell is int16.
    assert_eq!(Every::RAM_BYTES, (2 + 1) * 4);
    assert_eq!(Last::RAM_BYTES, (1 + 2) * 4);
    assert_eq!(Quantized::RAM_BYTES, 2 + 2);
    // Two steps by hand: h = 0.29984, then 0.05521.
    let out = Every::new().predict(&[1.0, -0.5]).clone();
    assert!((out[0] - 0.299_840_4).abs() < 1e-6 && (out[1] - 0.055_214_47).abs() < 1e-6);
    // The clip holds the cell state at 0.25 after the first step.
    assert_eq!(Last::OUTPUT_SHAPE, [1]);
    let last = Last::new().predict(&[1.0, -0.5])[0];
    assert!((last + 0.013_083_477).abs() < 1e-6);
    let x = I16F16::from_num::<f32>;
    let fixed = Fixed::new().predict(&[x(1.0), x(-0.5)]).clone();
    assert!((fixed[1].to_num::<f32>() - 0.055_214_47).abs() < 1e-4);
    // lstm.tmw: the same weights at scale 1/128, the state 0 on each call.
    let mut quantized = Quantized::new();
    let q = quantized.predict(&[127, -64]).clone();
    assert_eq!(quantized.predict(&[127, -64]), &q);
    assert_eq!(q, [38, 7]);
}
