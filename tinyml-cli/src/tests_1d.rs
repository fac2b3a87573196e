//! Unit tests of Keras' 1-D layers as the converter writes them
//! (`EXPAND_DIMS → 2-D operator → SQUEEZE/RESHAPE`, MEAN over the steps),
//! and of standalone SQUEEZE and EXPAND_DIMS.

use tinyml_format::{Kind, WeightsFile};

use crate::Imported;
use crate::schema::tflite as fb;
use crate::testmodel::{ModelBuilder, NONE, Opt, RELU, SAME, VALID, err, ok, ramp, ramp_i8};

/// The chain lines of the generated source (between the header and the
/// weights line), without the shape comments' alignment.
fn chain(imported: &Imported) -> Vec<String> {
    imported
        .source
        .lines()
        .filter(|l| l.trim_start().starts_with("->"))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

fn expand_dims(m: &mut ModelBuilder, x: i32, axis: i32, out: &[i32]) -> i32 {
    let axis = m.i32_const(&[], &[axis]);
    let y = m.f32(out);
    m.op(
        fb::BuiltinOperator::EXPAND_DIMS,
        &[x, axis],
        &[y],
        Opt::None,
    );
    y
}

fn reshape(m: &mut ModelBuilder, x: i32, out: &[i32]) -> i32 {
    let shape = m.i32_const(&[out.len() as i32], out);
    let y = m.f32(out);
    m.op(
        fb::BuiltinOperator::RESHAPE,
        &[x, shape],
        &[y],
        Opt::Reshape,
    );
    y
}

fn mean(m: &mut ModelBuilder, x: i32, axes: &[i32], keep_dims: bool, out: &[i32]) -> i32 {
    let axes = m.i32_const(&[axes.len() as i32], axes);
    let y = m.f32(out);
    m.op(
        fb::BuiltinOperator::MEAN,
        &[x, axes],
        &[y],
        Opt::Reducer(keep_dims),
    );
    y
}

/// Keras' Conv1D(4, 3, padding="same", relu) → MaxPooling1D(2) →
/// GlobalAveragePooling1D on [16, 2], as the converter writes it.
fn conv1d_chain() -> ModelBuilder {
    let mut m = ModelBuilder::new();
    let x = m.f32(&[1, 16, 2]);
    let e = expand_dims(&mut m, x, 1, &[1, 1, 16, 2]);
    let w = m.f32_const(&[4, 1, 3, 2], &ramp(24));
    let b = m.f32_const(&[4], &[1.0, 2.0, 3.0, 4.0]);
    let c = m.f32(&[1, 1, 16, 4]);
    let opt = Opt::Conv {
        padding: SAME,
        stride: (1, 1),
        act: RELU,
        dilation: (1, 1),
    };
    m.op(fb::BuiltinOperator::CONV_2D, &[e, w, b], &[c], opt);
    let s = m.f32(&[1, 16, 4]);
    m.op(fb::BuiltinOperator::SQUEEZE, &[c], &[s], Opt::Squeeze(&[1]));
    let e = expand_dims(&mut m, s, -3, &[1, 1, 16, 4]);
    let p = m.f32(&[1, 1, 8, 4]);
    let pool = Opt::Pool {
        padding: VALID,
        stride: (1, 2),
        filter: (1, 2),
        act: NONE,
    };
    m.op(fb::BuiltinOperator::MAX_POOL_2D, &[e], &[p], pool);
    let r = reshape(&mut m, p, &[1, 8, 4]);
    let g = mean(&mut m, r, &[1], false, &[1, 4]);
    m.io(&[x], &[g]);
    m
}

#[test]
fn conv1d_pool_and_mean_over_the_steps() {
    let imported = ok(&conv1d_chain().build());
    assert_eq!(
        chain(&imported),
        [
            "-> conv1d(4, 3, padding = same) -> relu // [16, 4]",
            "-> max_pool1d(2) // [8, 4]",
            "-> mean; // [4]",
        ]
    );
    assert!(
        imported.source.contains("input[16, 2]"),
        "{}",
        imported.source
    );
    // The weights are the 2-D ones: [4][1][3][2] is [4][3][2].
    let w: Vec<f32> = imported
        .weights
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    assert_eq!(&w[..24], ramp(24).as_slice());
    assert_eq!(&w[24..], &[1.0, 2.0, 3.0, 4.0]);
}

/// EXPAND_DIMS at axis 2 (a one-column image) → DEPTHWISE_CONV_2D with a
/// 3x1 window, multiplier 2, stride 2 → RESHAPE, ending the model.
#[test]
fn depthwise_conv1d_along_a_column() {
    let mut m = ModelBuilder::new();
    let x = m.f32(&[1, 10, 3]);
    let e = expand_dims(&mut m, x, 2, &[1, 10, 1, 3]);
    let w = m.f32_const(&[1, 3, 1, 6], &ramp(18));
    let d = m.f32(&[1, 4, 1, 6]);
    let opt = Opt::Depthwise {
        padding: VALID,
        stride: (2, 1),
        act: NONE,
        multiplier: 2,
    };
    m.op(
        fb::BuiltinOperator::DEPTHWISE_CONV_2D,
        &[e, w, -1],
        &[d],
        opt,
    );
    let r = reshape(&mut m, d, &[1, 4, 6]);
    m.io(&[x], &[r]);
    let imported = ok(&m.build());
    assert_eq!(
        chain(&imported),
        ["-> depthwise_conv1d(3, multiplier = 2, stride = 2); // [4, 6]"]
    );
}

/// A run that does not end in a reshape (here: the model output) stays
/// 2-D: still correct, only less readable.
#[test]
fn an_unfinished_run_stays_2d() {
    let mut m = ModelBuilder::new();
    let x = m.f32(&[1, 8, 2]);
    let e = expand_dims(&mut m, x, 1, &[1, 1, 8, 2]);
    let p = m.f32(&[1, 1, 4, 2]);
    let pool = Opt::Pool {
        padding: VALID,
        stride: (1, 2),
        filter: (1, 2),
        act: NONE,
    };
    m.op(fb::BuiltinOperator::AVERAGE_POOL_2D, &[e], &[p], pool);
    m.io(&[x], &[p]);
    let imported = ok(&m.build());
    assert_eq!(
        chain(&imported),
        [
            "-> reshape[1, 8, 2] // [1, 8, 2]",
            "-> avg_pool(1x2); // [1, 4, 2]"
        ]
    );
}

#[test]
fn squeeze_and_expand_dims_are_reshapes() {
    let mut m = ModelBuilder::new();
    let x = m.f32(&[1, 4, 1, 3]);
    let s = m.f32(&[1, 4, 3]);
    m.op(fb::BuiltinOperator::SQUEEZE, &[x], &[s], Opt::Squeeze(&[2]));
    let e = expand_dims(&mut m, s, -1, &[1, 4, 3, 1]);
    m.io(&[x], &[e]);
    assert_eq!(
        chain(&ok(&m.build())),
        [
            "-> reshape[4, 3] // [4, 3]",
            "-> reshape[4, 3, 1]; // [4, 3, 1]"
        ]
    );
    let mut m = ModelBuilder::new();
    let x = m.f32(&[1, 12, 1]);
    let f = m.f32(&[1, 12]);
    m.op(
        fb::BuiltinOperator::SQUEEZE,
        &[x],
        &[f],
        Opt::Squeeze(&[-1]),
    );
    let e = expand_dims(&mut m, f, 1, &[1, 1, 12]);
    m.io(&[x], &[e]);
    assert_eq!(
        chain(&ok(&m.build())),
        ["-> flatten // [12]", "-> reshape[1, 12]; // [1, 12]"]
    );
}

#[test]
fn squeeze_and_expand_dims_must_only_drop_or_add_unit_dimensions() {
    let mut m = ModelBuilder::new();
    let x = m.f32(&[1, 4, 3]);
    let s = m.f32(&[1, 12]);
    m.op(fb::BuiltinOperator::SQUEEZE, &[x], &[s], Opt::Squeeze(&[1]));
    m.io(&[x], &[s]);
    assert_eq!(
        err(&m.build()),
        "SQUEEZE (operator 0): cannot squeeze axis 1 of [1, 4, 3]: it is not a dimension of size 1"
    );
    let mut m = ModelBuilder::new();
    let x = m.f32(&[1, 4, 3]);
    let e = expand_dims(&mut m, x, 1, &[1, 4, 1, 3]);
    m.io(&[x], &[e]);
    assert_eq!(
        err(&m.build()),
        "EXPAND_DIMS (operator 0): it computes shape [1, 1, 4, 3], but the model declares [1, 4, 1, 3]"
    );
}

#[test]
fn mean_over_the_steps_with_keep_dims_and_other_axes() {
    let mut m = ModelBuilder::new();
    let x = m.f32(&[1, 6, 4]);
    let g = mean(&mut m, x, &[-2], true, &[1, 1, 4]);
    m.io(&[x], &[g]);
    assert_eq!(
        chain(&ok(&m.build())),
        ["-> mean -> reshape[1, 4]; // [1, 4]"]
    );
    let mut m = ModelBuilder::new();
    let x = m.f32(&[1, 6, 4]);
    let g = mean(&mut m, x, &[2], false, &[1, 6]);
    m.io(&[x], &[g]);
    assert_eq!(
        err(&m.build()),
        "MEAN (operator 0): MEAN over axes [2] of [6, 4] is not supported; `mean` reduces the steps (axis [1]), \
         as GlobalAveragePooling1D does"
    );
}

#[test]
fn int8_conv1d_records_its_weights_without_the_unit_height() {
    let mut m = ModelBuilder::new();
    let x = m.i8(&[1, 8, 2], 0.5, 3);
    let axis = m.i32_const(&[], &[1]);
    let e = m.i8(&[1, 1, 8, 2], 0.5, 3);
    m.op(
        fb::BuiltinOperator::EXPAND_DIMS,
        &[x, axis],
        &[e],
        Opt::None,
    );
    let w = m.i8_const(&[3, 1, 2, 2], &ramp_i8(12), &[0.01, 0.02, 0.03], 0);
    let b = m.i32_const(&[3], &[10, -20, 30]);
    let c = m.i8(&[1, 1, 7, 3], 0.25, -5);
    let opt = Opt::Conv {
        padding: VALID,
        stride: (1, 1),
        act: NONE,
        dilation: (1, 1),
    };
    m.op(fb::BuiltinOperator::CONV_2D, &[e, w, b], &[c], opt);
    let shape = m.i32_const(&[3], &[1, 7, 3]);
    let r = m.i8(&[1, 7, 3], 0.25, -5);
    m.op(
        fb::BuiltinOperator::RESHAPE,
        &[c, shape],
        &[r],
        Opt::Reshape,
    );
    m.io(&[x], &[r]);
    let imported = ok(&m.build());
    assert_eq!(chain(&imported), ["-> conv1d(3, 2); // [7, 3]"]);
    let file = WeightsFile::decode(&imported.weights).expect("a valid weights file");
    let [layer] = file.layers.as_slice() else {
        panic!("one record: {:?}", file.layers);
    };
    assert_eq!(layer.kind, Kind::Conv1d);
    let params = layer.params.as_ref().expect("weights");
    assert_eq!(params.dims, [3, 2, 2]);
    assert_eq!(params.weights, ramp_i8(12));
    assert_eq!(params.scales, [0.01, 0.02, 0.03]);
    assert_eq!(params.bias, [10, -20, 30]);
}

/// Keras' Conv1D(4, 3, dilation_rate=2) as the converter writes it.
#[test]
fn a_dilated_convolution_is_refused_by_name() {
    let mut m = ModelBuilder::new();
    let x = m.f32(&[1, 32, 2]);
    let block = m.i32_const(&[1], &[2]);
    let pad = m.i32_const(&[1, 2], &[0, 0]);
    let s = m.f32(&[2, 16, 2]);
    m.op(
        fb::BuiltinOperator::SPACE_TO_BATCH_ND,
        &[x, block, pad],
        &[s],
        Opt::None,
    );
    let e = expand_dims(&mut m, s, 1, &[2, 1, 16, 2]);
    let w = m.f32_const(&[4, 1, 3, 2], &ramp(24));
    let c = m.f32(&[2, 1, 14, 4]);
    let opt = Opt::Conv {
        padding: VALID,
        stride: (1, 1),
        act: NONE,
        dilation: (1, 1),
    };
    m.op(fb::BuiltinOperator::CONV_2D, &[e, w, -1], &[c], opt);
    let r = reshape(&mut m, c, &[2, 14, 4]);
    let y = m.f32(&[1, 28, 4]);
    m.op(
        fb::BuiltinOperator::BATCH_TO_SPACE_ND,
        &[r, block, pad],
        &[y],
        Opt::None,
    );
    m.io(&[x], &[y]);
    let e = err(&m.build());
    assert!(
        e.starts_with(
            "unsupported operators: SPACE_TO_BATCH_ND ×1 (operator 0), BATCH_TO_SPACE_ND ×1 (operator 4). \
             SPACE_TO_BATCH_ND and BATCH_TO_SPACE_ND are how the converter writes a dilated convolution (Keras' \
             `dilation_rate`), which tinyml does not support. `tinyml import` supports CONV_2D, "
        ),
        "{e}"
    );
}
