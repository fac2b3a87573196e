// The element-wise activations in an `i8` model, each with its own output
// quantization from the .tmw (tanh and sigmoid with TFLM's fixed ones).
tinyml::tiny_model! {
    pub Net: i8 = input[2, 2]
        -> leaky_relu(alpha = 0.3)
        -> hard_swish
        -> tanh
        -> sigmoid;
    weights = include_bytes!("../weights_data/activations.tmw");
}

fn main() {
    assert_eq!((Net::OUTPUT_SCALE, Net::OUTPUT_ZERO_POINT), (1.0 / 256.0, -128));
    // All in place in one buffer.
    assert_eq!(Net::RAM_BYTES, 4);
    let mut model = Net::new();
    // Real 0 stays 0 through leaky_relu, hard_swish and tanh, and
    // sigmoid(0) = 1/2 is -128 + 128.
    assert_eq!(model.predict(&[Net::INPUT_ZERO_POINT as i8; 4]), &[0; 4]);
    // Larger inputs give larger outputs above 1/2; a negative one below.
    let out = *model.predict(&[-128, 3, 60, 127]);
    assert!(out[0] <= 0 && out[1] == 0 && out[2] > 0 && out[3] >= out[2], "{out:?}");
    let real = model.predict_f32(&[0.0, 1.0, 2.0, 3.0]);
    assert_eq!(real[0], 0.5);
}
