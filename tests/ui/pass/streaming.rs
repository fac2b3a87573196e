// `input[steps, channels] streaming`: `step` takes one frame at a time and,
// after `reset`, stepping through a window gives `predict`'s output over
// it, in f32 and fixed point; strided layers output every stride-th frame.
use tinyml::fixed::types::I16F16;
use tinyml::tiny_model;

macro_rules! sequence_model {
    ($name:ident: $t:ty) => {
        tiny_model! {
            pub $name: $t = input[12, 1] streaming
                -> conv1d(
                    2, 3,
                    weights = include_bytes!("../weights_data/conv1d_2x3x1.bin"),
                    bias = include_bytes!("../weights_data/zeros_2.bin"),
                ) -> relu                                            // [10, 2]
                -> depthwise_conv1d(
                    2, stride = 2,
                    weights = include_bytes!("../weights_data/dw1d_1x2x2.bin"),
                    bias = include_bytes!("../weights_data/zeros_2.bin"),
                )                                                    // [5, 2]
                -> max_pool1d(2, stride = 1)                         // [4, 2]
                -> avg_pool1d(2)                                     // [2, 2]
                -> flatten                                           // [4]
                -> dense(
                    2,
                    weights = include_bytes!("../weights_data/dense_2x4.bin"),
                    bias = include_bytes!("../weights_data/zeros_2.bin"),
                );                                                   // [2]
        }
    };
}

sequence_model!(SequenceF32: f32);
sequence_model!(SequenceFixed: I16F16);

// Stride 1 everywhere: an output on every frame.
tiny_model! {
    pub EveryFrame: f32 = input[6, 1] streaming
        -> conv1d(
            2, 3,
            weights = include_bytes!("../weights_data/conv1d_2x3x1.bin"),
            bias = include_bytes!("../weights_data/zeros_2.bin"),
        ) -> relu
        -> global_avg_pool;
}

// An activation before any window, and no head: the output is the last
// three frames, each through relu, as `predict` gives them.
tiny_model! {
    pub Frames: f32 = input[3, 2] streaming -> relu;
}

// i8, with the weights file of `int8_pools1d.rs`: the state starts at the
// input's zero point, and stepping is byte for byte `predict`.
tinyml::tiny_model! {
    pub PoolsI8: i8 = input[4, 2] streaming -> max_pool1d(2, stride = 1) -> global_avg_pool;
    weights = include_bytes!("../weights_data/pools1d.tmw");
}

/// A window of `n` frames, different for each `seed`.
fn window<const N: usize>(seed: f32) -> [f32; N] {
    core::array::from_fn(|i| ((i as f32 * 1.7 + seed) % 5.0) - 2.0)
}

fn main() {
    let mut model = SequenceF32::new();
    for seed in [0.0, 0.5, 3.25] {
        let input: [f32; 12] = window(seed);
        let whole = *model.predict(&input);
        // The strides (2, then 2 from avg_pool1d) make an output every
        // fourth frame; the last one comes with frame 12.
        model.reset();
        let mut last = None;
        for (t, frame) in input.iter().enumerate() {
            if let Some(out) = model.step(&[*frame]) {
                assert_eq!((t + 1) % 4, 0, "an output after frame {}", t + 1);
                last = Some(*out);
            }
        }
        assert_eq!(last, Some(whole));
    }

    let fixed: [I16F16; 12] = window::<12>(1.5).map(I16F16::from_num);
    let mut model = SequenceFixed::new();
    let whole = *model.predict(&fixed);
    let mut last = None;
    for frame in fixed {
        last = model.step(&[frame]).copied().or(last);
    }
    assert_eq!(last, Some(whole));

    // Two windows back to back, with a reset between them: each as its own predict.
    let mut model = EveryFrame::new();
    for seed in [0.25, 2.0] {
        let input: [f32; 6] = window(seed);
        let whole = *model.predict(&input);
        model.reset();
        let mut last = [0.0; 2];
        for frame in input {
            last = *model.step(&[frame]);
        }
        assert!(last.iter().zip(&whole).all(|(a, b)| (a - b).abs() <= 1e-5));
    }
    let mut model = Frames::new();
    let input = [1.0, -2.0, -3.0, 4.0, 5.0, -6.0];
    let whole = *model.predict(&input);
    let mut last = [0.0; 6];
    for frame in input.chunks_exact(2) {
        last = *model.step(&[frame[0], frame[1]]);
    }
    assert_eq!(last, whole);
    assert_eq!(whole, [1.0, 0.0, 0.0, 4.0, 5.0, 0.0]);

    let mut model = PoolsI8::new();
    for input in [[1, 3, 2, 5, 4, -7, 0, 1], [-128, 127, 5, -5, 0, 0, 99, -99]] {
        let whole = *model.predict(&input);
        model.reset();
        let mut last = [0; 2];
        for frame in input.chunks_exact(2) {
            last = *model.step(&[frame[0], frame[1]]);
        }
        assert_eq!(last, whole);
    }
    assert_eq!(model.predict(&[1, 3, 2, 5, 4, -7, 0, 1]), &[3, 4]);

    assert_eq!(EveryFrame::FRAME_LEN, 1);
    // Windows: conv1d's 3 frames of 1, the head's 4 frames of 2.
    assert_eq!(EveryFrame::STATE_BYTES, (3 + 4 * 2) * 4);
    // The arena (conv1d's output, 4 frames of 2, beside global_avg_pool's 2)
    // and the state.
    assert_eq!(EveryFrame::RAM_BYTES, (4 * 2 + 2) * 4 + EveryFrame::STATE_BYTES);
}
