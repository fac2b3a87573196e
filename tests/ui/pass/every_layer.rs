// Every layer of the DSL, with per-layer weight files.
use tinyml::tiny_model;

tiny_model! {
    /// All layers in one chain.
    #[derive(Clone)]
    pub(crate) EveryLayer: f32 = input[9, 9, 2]
        -> conv2d(
            4, 3x3, stride = 2, padding = same,
            weights = include_bytes!("../weights_data/conv_4x3x3x2.bin"),
            bias = include_bytes!("../weights_data/bias_4.bin"),
        ) -> relu6                                                  // [5, 5, 4]
        -> depthwise_conv2d(
            3x3, multiplier = 2, padding = same,
            weights = include_bytes!("../weights_data/dw_1x3x3x8.bin"),
            bias = include_bytes!("../weights_data/bias_8.bin"),
        ) -> relu                                                   // [5, 5, 8]
        -> max_pool(2x2, stride = 1)                                // [4, 4, 8]
        -> avg_pool(3x3, stride = 2, padding = same)                // [2, 2, 8]
        -> global_avg_pool                                          // [8]
        -> relu6                                                    // in place
        -> reshape[2, 4]
        -> flatten
        -> dense(
            3,
            weights = include_bytes!("../weights_data/dense_3x8.bin"),
            bias = include_bytes!("../weights_data/bias_3.bin"),
        )
        -> softmax;
}

fn main() {
    let mut model = EveryLayer::new();
    let input: [f32; 162] = core::array::from_fn(|i| (i % 7) as f32 / 7.0 - 0.4);
    let output = *model.predict(&input);
    let sum: f32 = output.iter().sum();
    assert!((sum - 1.0).abs() < 1e-6, "softmax sums to {sum}");
    assert_eq!(EveryLayer::OUTPUT_SHAPE, [3]);
    assert_eq!(EveryLayer::PARAMS, 72 + 4 + 72 + 8 + 24 + 3);
    assert_eq!(EveryLayer::MACS, 5 * 5 * 4 * 18 + 5 * 5 * 8 * 9 + 3 * 8);
    // Largest live pair: max_pool, 5*5*8 in + 4*4*8 out.
    assert_eq!(EveryLayer::RAM_BYTES, (200 + 128) * 4);
    // Deterministic: a clone of the model gives the same answer.
    let mut again = model.clone();
    assert_eq!(*again.predict(&input), output);
}
