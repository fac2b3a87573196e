// The pass case: the digits model, declared by hand against the imported .tmw.
tinyml::tiny_model! {
    pub Net: i8 = input[8, 8, 1]
        -> conv2d(16, 3x3, padding = same) -> relu
        -> depthwise_conv2d(3x3, padding = same) -> relu
        -> max_pool(2x2)
        -> conv2d(24, 1x1) -> relu
        -> flatten
        -> dense(10)
        -> softmax;
    weights = include_bytes!("../../../examples/digits/int8/weights.tmw");
}
fn main() {
    let mut model = Net::new();
    let out: &[i8; 10] = model.predict(&[-128; 64]);
    assert!(out.iter().all(|&q| q >= Net::OUTPUT_ZERO_POINT as i8));
    assert_eq!(Net::INPUT_ZERO_POINT, -128);
    // The depthwise layer runs in place; the peak is its output beside
    // the pooled 4x4x16.
    assert_eq!(Net::RAM_BYTES, 8 * 8 * 16 + 4 * 4 * 16);
    let real = Net::dequantize(out);
    assert!((real.iter().sum::<f32>() - 1.0).abs() < 0.05);
    // The float entry point is quantize → predict → dequantize.
    let pixels = [0.25f32; 64];
    let expected = Net::dequantize(model.predict(&Net::quantize(&pixels)));
    assert_eq!(model.predict_f32(&pixels), expected);
}
