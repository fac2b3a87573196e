// Named tensors and residual `add`s.
use tinyml::tiny_model;

tiny_model! {
    pub Residual: f32 = input[4, 4, 8]
        -> depthwise_conv2d(
            3x3, padding = same,
            weights = include_bytes!("../weights_data/dw_1x3x3x8.bin"),
            bias = include_bytes!("../weights_data/bias_8.bin"),
        ) -> relu as x;
    x -> depthwise_conv2d(
            3x3, padding = same,
            weights = include_bytes!("../weights_data/dw_1x3x3x8.bin"),
            bias = include_bytes!("../weights_data/bias_8.bin"),
        ) as y;
    add(x, y) -> relu as z;
    add(z, x)
        -> global_avg_pool
        -> dense(
            3,
            weights = include_bytes!("../weights_data/dense_3x8.bin"),
            bias = include_bytes!("../weights_data/bias_3.bin"),
        )
        -> softmax;
}

fn main() {
    let mut model = Residual::new();
    let input: [f32; 128] = core::array::from_fn(|i| ((i * 37) % 11) as f32 / 11.0 - 0.5);
    let output = model.predict(&input);
    assert!((output.iter().sum::<f32>() - 1.0).abs() < 1e-6);
    // x stays live across y and z: three 128-value tensors at once.
    assert_eq!(Residual::RAM_BYTES, 3 * 128 * 4);
}
