// The 1-D layers on [steps, channels] (Keras' Conv1D, DepthwiseConv1D,
// MaxPooling1D, AveragePooling1D, GlobalAveragePooling1D), in f32 and
// fixed point: shapes, parameters, MACs and exact values.
use tinyml::fixed::types::I16F16;
use tinyml::tiny_model;

macro_rules! sequence_model {
    ($name:ident: $t:ty) => {
        tiny_model! {
            pub $name: $t = input[8, 1]
                // filter 0: first tap − last tap; filter 1: the window's sum
                -> conv1d(
                    2, 3, padding = same,
                    weights = include_bytes!("../weights_data/conv1d_2x3x1.bin"),
                    bias = include_bytes!("../weights_data/zeros_2.bin"),
                ) -> relu                                            // [8, 2]
                // channel 0: x[t] + x[t+1]; channel 1: x[t+1]
                -> depthwise_conv1d(
                    2, stride = 2,
                    weights = include_bytes!("../weights_data/dw1d_1x2x2.bin"),
                    bias = include_bytes!("../weights_data/zeros_2.bin"),
                )                                                    // [4, 2]
                -> max_pool1d(2, stride = 1)                         // [3, 2]
                -> avg_pool1d(2, padding = same)                     // [2, 2]
                -> mean;                                             // [2]
        }
    };
}

sequence_model!(SequenceF32: f32);
sequence_model!(SequenceFixed: I16F16);

tiny_model! {
    pub Pooled: f32 = input[4, 3] -> max_pool1d(2) -> global_avg_pool;
}

const INPUT: [f32; 8] = [1.0, -2.0, 3.0, 0.0, -1.0, 2.0, 1.0, -3.0];

fn main() {
    // conv1d + relu: [2, 0], [0, 2], [0, 1], [4, 2], [0, 1], [0, 2], [5, 0], [1, 0]
    // depthwise_conv1d: [2, 2], [4, 2], [0, 2], [6, 0]; max_pool1d: [4, 2], [4, 2], [6, 2]
    // avg_pool1d: [4, 2], [6, 2]; mean: [5, 2]
    assert_eq!(SequenceF32::new().predict(&INPUT), &[5.0, 2.0]);
    assert_eq!(SequenceF32::INPUT_SHAPE, [8, 1]);
    assert_eq!(SequenceF32::OUTPUT_SHAPE, [2]);
    assert_eq!(SequenceF32::PARAMS, (2 * 3 + 2) + (2 * 2 + 2));
    assert_eq!(SequenceF32::MACS, 8 * 2 * 3 + 4 * 2 * 2);

    let fixed = INPUT.map(I16F16::from_num);
    let out = SequenceFixed::new().predict(&fixed).map(|x| x.to_num::<f32>());
    assert_eq!(out, [5.0, 2.0]);

    // Steps [0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11]: the maxima of
    // pairs are steps 1 and 3, averaged.
    let input: [f32; 12] = core::array::from_fn(|i| i as f32);
    assert_eq!(Pooled::new().predict(&input), &[6.0, 7.0, 8.0]);
}
