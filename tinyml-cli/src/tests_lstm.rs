//! Unit tests of UNIDIRECTIONAL_SEQUENCE_LSTM → `lstm`: the per-gate
//! tensors in Keras' layout, and the refusal of the variants `lstm` is not.

use crate::schema::tflite as fb;
use crate::testmodel::{ModelBuilder, Opt, err, ok};

/// A float LSTM of 1 unit over 3 steps of 2 features: gate `g`'s input
/// weights `[2g + 1, 2g + 2]`, recurrent weight `10 + g`, bias `20 + g`;
/// `variant` names one optional input (by index) to add.
fn lstm_model(opt: Opt, variant: Option<usize>) -> Vec<u8> {
    let mut m = ModelBuilder::new();
    let (x, y) = lstm_op(&mut m, opt, variant);
    m.io(&[x], &[y]);
    m.build()
}

/// [`lstm_model`]'s LSTM in `m`: its input and output tensors.
fn lstm_op(m: &mut ModelBuilder, opt: Opt, variant: Option<usize>) -> (i32, i32) {
    let x = m.f32(&[1, 3, 2]);
    let mut inputs = vec![-1; 24];
    inputs[0] = x;
    for g in 0..4 {
        let w = 2.0 * g as f32;
        inputs[1 + g] = m.f32_const(&[1, 2], &[w + 1.0, w + 2.0]);
        inputs[5 + g] = m.f32_const(&[1, 1], &[10.0 + g as f32]);
        inputs[12 + g] = m.f32_const(&[1], &[20.0 + g as f32]);
    }
    inputs[18] = m.f32(&[1, 1]);
    inputs[19] = m.f32(&[1, 1]);
    if let Some(i) = variant {
        inputs[i] = m.f32_const(&[1], &[0.5]);
    }
    let y = m.f32(&[1, 3, 1]);
    m.op(
        fb::BuiltinOperator::UNIDIRECTIONAL_SEQUENCE_LSTM,
        &inputs,
        &[y],
        opt,
    );
    (x, y)
}

const TANH: Opt = Opt::Lstm(fb::ActivationFunctionType::TANH, 10.0, false);

#[test]
fn the_gates_come_out_in_keras_layout() {
    let imported = ok(&lstm_model(TANH, None));
    assert!(
        imported.source.contains("-> lstm(1, cell_clip = 10.0)"),
        "{}",
        imported.source
    );
    let values: Vec<f32> = imported
        .weights
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    let keras = [
        1.0, 3.0, 5.0, 7.0, // the kernel's first row: feature 0 of gates i, f, c, o
        2.0, 4.0, 6.0, 8.0, // feature 1
        10.0, 11.0, 12.0, 13.0, // the recurrent kernel
        20.0, 21.0, 22.0, 23.0, // the bias
    ];
    assert_eq!(values, keras);
    let no_clip = ok(&lstm_model(
        Opt::Lstm(fb::ActivationFunctionType::TANH, 0.0, false),
        None,
    ));
    assert!(no_clip.source.contains("-> lstm(1)"), "{}", no_clip.source);
}

#[test]
fn variants_are_refused_by_name() {
    let cases = [
        (
            Some(9),
            "peephole connections (inputs 9 to 11) is not supported",
        ),
        (Some(16), "a projection (inputs 16 and 17) is not supported"),
        (
            Some(21),
            "layer normalization (inputs 20 to 23) is not supported",
        ),
    ];
    for (variant, message) in cases {
        let e = err(&lstm_model(TANH, variant));
        assert!(e.contains(message), "{e}");
    }
    let relu = err(&lstm_model(
        Opt::Lstm(fb::ActivationFunctionType::RELU, 0.0, false),
        None,
    ));
    assert!(
        relu.contains("cell activation RELU is not supported (only TANH"),
        "{relu}"
    );
    let time_major = err(&lstm_model(
        Opt::Lstm(fb::ActivationFunctionType::TANH, 0.0, true),
        None,
    ));
    assert!(time_major.contains("a time-major input"), "{time_major}");
}

/// The converter's `return_sequences=False`: a STRIDED_SLICE of the last
/// step; with `also_add`, the sequence is read again (added to itself).
fn last_step_model(also_add: bool) -> Vec<u8> {
    let mut m = ModelBuilder::new();
    let (x, y) = lstm_op(&mut m, TANH, None);
    let begin = m.i32_const(&[3], &[0, -1, 0]);
    let end = m.i32_const(&[3], &[0, 0, 0]);
    let strides = m.i32_const(&[3], &[1, 1, 1]);
    let last = m.f32(&[1, 1]);
    let masks = Opt::StridedSlice {
        begin_mask: 0b101,
        end_mask: 0b101,
        shrink_axis_mask: 0b010,
        ellipsis_mask: 0,
    };
    m.op(
        fb::BuiltinOperator::STRIDED_SLICE,
        &[y, begin, end, strides],
        &[last],
        masks,
    );
    if also_add {
        let sum = m.f32(&[1, 3, 1]);
        m.op(
            fb::BuiltinOperator::ADD,
            &[y, y],
            &[sum],
            Opt::Add(fb::ActivationFunctionType::NONE),
        );
        m.io(&[x], &[last, sum]);
    } else {
        m.io(&[x], &[last]);
    }
    m.build()
}

#[test]
fn the_last_step_alone_is_return_sequences_false() {
    let imported = ok(&last_step_model(false));
    assert!(
        imported
            .source
            .contains("-> lstm(1, return_sequences = false, cell_clip = 10.0);"),
        "{}",
        imported.source
    );
    // Read twice, the sequence stays and the slice takes its last row.
    let both = ok(&last_step_model(true));
    assert!(
        both.source.contains("-> lstm(1, cell_clip = 10.0)"),
        "{}",
        both.source
    );
    assert!(
        both.source.contains("slice(begin = [2, 0])"),
        "{}",
        both.source
    );
}

#[test]
fn inspect_counts_the_parameters_and_macs_of_the_layer() {
    let bytes = lstm_model(TANH, None);
    let model = crate::tflite::Model::parse(&bytes).expect("parses");
    let totals = crate::inspect::totals(&model);
    // 4 gates · (2 + 1) weights + 4 biases; 3 steps · 4 gates · (2 + 1).
    assert_eq!((totals.params, totals.macs), (16, 36));
    // The importer's arena: the [3, 1] output and the cell state.
    assert_eq!(crate::inspect::activation_ram(&model), Some((3 + 1) * 4));
}
