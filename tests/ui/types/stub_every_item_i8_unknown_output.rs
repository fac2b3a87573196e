// One mistake in an i8 model that leaves its output shape unknown (a misspelt
// last layer): user code that uses every generated item with the lengths it
// expects still gets only the model's error.
tinyml::tiny_model! {
    pub Net: i8 = input[8, 8, 1]
        -> conv2d(16, 3x3, padding = same) -> relu
        -> depthwise_conv2d(3x3, padding = same) -> relu
        -> max_pool(2x2)
        -> conv2d(24, 1x1) -> relu
        -> flatten
        -> dense(10)
        -> sofmax;
    weights = include_bytes!("../../../examples/digits/int8/weights.tmw");
}

fn main() {
    let input_shape: [usize; 3] = Net::INPUT_SHAPE;
    let output_shape: &[usize] = &Net::OUTPUT_SHAPE;
    let counts: [usize; 5] = [Net::INPUT_LEN, Net::OUTPUT_LEN, Net::PARAMS, Net::MACS, Net::RAM_BYTES];
    let scales: [f32; 2] = [Net::INPUT_SCALE, Net::OUTPUT_SCALE];
    let zero_points: [i32; 2] = [Net::INPUT_ZERO_POINT, Net::OUTPUT_ZERO_POINT];
    let mut net = Net::new();
    let input = Net::quantize(&[0.5; 64]);
    let out: &[i8; 10] = net.predict(&input);
    let real: [f32; 10] = Net::dequantize(out);
    let best = real.iter().fold(0.0f32, |a, &b| a.max(b));
    let out: &[i8; 10] = net.predict_observed(&input, |_, _| {});
    let _ = (input_shape, output_shape, counts, scales, zero_points, best, out);
    let direct: [f32; 10] = net.predict_f32(&[0.5; 64]);
    let _ = direct;
}
