//! The memory planner and the generated wiring: models whose tensors share
//! one arena must compute exactly what the same kernels compute with a
//! separate buffer per tensor.

use tinyml::__private::kernels::{self as k, Clamp};
use tinyml::tiny_model;

const DW: &[u8] = include_bytes!("ui/weights_data/dw_1x3x3x8.bin");
const DW_BIAS: &[u8] = include_bytes!("ui/weights_data/bias_8.bin");
const DENSE: &[u8] = include_bytes!("ui/weights_data/dense_3x8.bin");
const DENSE_BIAS: &[u8] = include_bytes!("ui/weights_data/bias_3.bin");

tiny_model! {
    // x stays live across two layers and two adds; z is consumed by an add
    // and a relu runs in place on a buffer that is still read later.
    pub Residual: f32 = input[4, 4, 8]
        -> depthwise_conv2d(
            3x3, padding = same,
            weights = include_bytes!("ui/weights_data/dw_1x3x3x8.bin"),
            bias = include_bytes!("ui/weights_data/bias_8.bin"),
        ) -> relu as x;
    x -> relu6 -> depthwise_conv2d(
            3x3, padding = same,
            weights = include_bytes!("ui/weights_data/dw_1x3x3x8.bin"),
            bias = include_bytes!("ui/weights_data/bias_8.bin"),
        ) as y;
    add(x, y) -> relu as z;
    add(z, x)
        -> global_avg_pool
        -> dense(
            3,
            weights = include_bytes!("ui/weights_data/dense_3x8.bin"),
            bias = include_bytes!("ui/weights_data/bias_3.bin"),
        )
        -> softmax;
}

fn input() -> [f32; 128] {
    core::array::from_fn(|i| ((i * 37) % 11) as f32 / 5.0 - 1.0)
}

/// The same graph, one buffer per tensor.
fn reference(input: &[f32; 128]) -> [f32; 3] {
    let dw: [f32; 72] = k::weights::f32_le(DW);
    let dw_bias: [f32; 8] = k::weights::f32_le(DW_BIAS);
    let dense: [f32; 24] = k::weights::f32_le(DENSE);
    let dense_bias: [f32; 3] = k::weights::f32_le(DENSE_BIAS);
    let depthwise = |src: &[f32; 128], dst: &mut [f32; 128], clamp| {
        k::conv::depthwise_conv2d::<f32, 4, 4, 8, 4, 4, 1, 3, 3, 1, 1, 1, 1, 8, 128, 128, 72>(
            src, &dw, &dw_bias, dst, clamp,
        )
    };
    let mut x = [0.0; 128];
    depthwise(input, &mut x, Clamp::relu());
    let mut x6 = x;
    k::activation::clamp_in_place(&mut x6, Clamp::relu6());
    let mut y = [0.0; 128];
    depthwise(&x6, &mut y, Clamp::none());
    let mut z = [0.0; 128];
    let same = k::broadcast::Broadcast::new(&[128], &[128], &[128]).expect("same shapes");
    k::elementwise::add(&x, &y, &mut z, &same, Clamp::relu());
    let mut sum = [0.0; 128];
    k::elementwise::add(&z, &x, &mut sum, &same, Clamp::none());
    let mut pooled = [0.0; 8];
    k::pooling::global_avg_pool::<f32, 4, 4, 8, 128>(&sum, &mut pooled);
    let mut out = [0.0; 3];
    k::fully_connected::dense(&pooled, &dense, &dense_bias, &mut out, Clamp::none());
    k::softmax::softmax_in_place(&mut out);
    out
}

#[test]
fn residual_graph_matches_separate_buffers() {
    let input = input();
    let expected = reference(&input);
    let mut model = Residual::new();
    assert_eq!(*model.predict(&input), expected);
    // A second run on the reused arena gives the same result.
    assert_eq!(*model.predict(&input), expected);
}

#[test]
fn residual_arena_is_three_tensors() {
    // At `add(x, y)` the live tensors are x, y and the new z.
    assert_eq!(Residual::RAM_BYTES, 3 * 128 * 4);
}

tiny_model! {
    // Degenerate chains: the output is the caller's input reshaped, and a
    // relu on the caller's input (which must not be written).
    pub JustReshape: f32 = input[2, 3] -> reshape[3, 2];
}

tiny_model! {
    pub ReluOnInput: f32 = input[4] -> relu;
}

#[test]
fn degenerate_chains_copy_instead_of_writing_the_input() {
    let data = [1.0, -2.0, 3.0, -4.0, 5.0, -6.0];
    assert_eq!(JustReshape::new().predict(&data), &data);
    let input = [-1.0, 2.0, -3.0, 4.0];
    assert_eq!(ReluOnInput::new().predict(&input), &[0.0, 2.0, 0.0, 4.0]);
    assert_eq!(input, [-1.0, 2.0, -3.0, 4.0]);
}

#[test]
fn predict_observed_reports_every_layer_and_computes_the_same() {
    let input = input();
    let mut seen = Vec::new();
    let mut model = Residual::new();
    let observed = *model.predict_observed(&input, |index, layer| seen.push((index, layer)));
    assert_eq!(observed, reference(&input));
    let labels: Vec<&str> = seen.iter().map(|(_, layer)| *layer).collect();
    assert_eq!(
        labels,
        [
            "depthwise_conv2d(3x3, padding = same) + relu",
            "relu6",
            "depthwise_conv2d(3x3, padding = same)",
            "add + relu",
            "add",
            "global_avg_pool",
            "dense(3)",
            "softmax",
        ]
    );
    assert!(seen.iter().enumerate().all(|(i, (index, _))| i == *index));
}
