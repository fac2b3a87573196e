// One mistake in an i8 model (a kernel size that disagrees with the .tmw file)
// and user code that uses every item the macro generates, the quantization
// items included: only the model's error is reported.
tinyml::tiny_model! {
    pub Net: i8 = input[8, 8, 1]
        -> conv2d(16, 5x5, padding = same) -> relu
        -> depthwise_conv2d(3x3, padding = same) -> relu
        -> max_pool(2x2)
        -> conv2d(24, 1x1) -> relu
        -> flatten
        -> dense(10)
        -> softmax;
    weights = include_bytes!("../../../examples/digits/int8/weights.tmw");
}

static MODEL: Net = Net::new();

fn main() {
    let input_shape: [usize; 3] = Net::INPUT_SHAPE;
    let output_shape: [usize; 1] = Net::OUTPUT_SHAPE;
    let counts: [usize; 5] = [Net::INPUT_LEN, Net::OUTPUT_LEN, Net::PARAMS, Net::MACS, Net::RAM_BYTES];
    let scales: [f32; 2] = [Net::INPUT_SCALE, Net::OUTPUT_SCALE];
    let zero_points: [i32; 2] = [Net::INPUT_ZERO_POINT, Net::OUTPUT_ZERO_POINT];
    let mut net: Net = Default::default();
    let input: [i8; Net::INPUT_LEN] = Net::quantize(&[0.5; Net::INPUT_LEN]);
    let out: &[i8; Net::OUTPUT_LEN] = net.predict(&input);
    let real: [f32; 10] = Net::dequantize(out);
    let mut seen = 0;
    let out: &[i8; 10] = net.predict_observed(&[-128; 64], |index: usize, layer: &'static str| {
        seen += index + layer.len();
    });
    let _ = (&MODEL, input_shape, output_shape, counts, scales, zero_points, real, out, seen);
    let direct: [f32; 10] = net.predict_f32(&[0.5; 64]);
    let _ = direct;
}
