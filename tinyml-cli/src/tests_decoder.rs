//! Unit tests of the decoder and padding operators as the converter writes
//! them: PAD/PADV2 (Keras' ZeroPadding2D), RESIZE_NEAREST_NEIGHBOR (and
//! the refusal of Keras 3's TILE form of UpSampling2D), TRANSPOSE_CONV
//! (Conv2DTranspose) and the requantizing int8 RELU that follows it.

use crate::Imported;
use crate::schema::tflite as fb;
use crate::testmodel::{ModelBuilder, Opt, err, ok};

/// The chain lines of the generated source, without the shape comments'
/// alignment.
fn chain(imported: &Imported) -> Vec<String> {
    imported
        .source
        .lines()
        .filter(|l| l.trim_start().starts_with("->"))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// A float PAD of a `[1, 3, 3, 2]` input by `paddings` (`[4, 2]`), with a
/// PADV2 `value` if given.
fn pad_model(paddings: &[i32; 8], value: Option<f32>) -> Vec<u8> {
    let mut m = ModelBuilder::new();
    let x = m.f32(&[1, 3, 3, 2]);
    let p = m.i32_const(&[4, 2], paddings);
    let grown = |d: usize, size: i32| size + paddings[2 * d] + paddings[2 * d + 1];
    let y = m.f32(&[grown(0, 1), grown(1, 3), grown(2, 3), grown(3, 2)]);
    match value {
        None => m.op(fb::BuiltinOperator::PAD, &[x, p], &[y], Opt::None),
        Some(v) => {
            let v = m.f32_const(&[], &[v]);
            m.op(fb::BuiltinOperator::PADV2, &[x, p, v], &[y], Opt::None);
        }
    }
    m.io(&[x], &[y]);
    m.build()
}

#[test]
fn zero_padding_becomes_pad() {
    let imported = ok(&pad_model(&[0, 0, 0, 1, 0, 1, 0, 0], None));
    assert_eq!(
        chain(&imported),
        ["-> pad(bottom = 1, right = 1); // [4, 4, 2]"]
    );
    let imported = ok(&pad_model(&[0, 0, 1, 2, 3, 0, 0, 0], Some(0.0)));
    assert_eq!(
        chain(&imported),
        ["-> pad(top = 1, bottom = 2, left = 3); // [6, 6, 2]"]
    );
}

#[test]
fn pad_refuses_batch_channels_and_other_values() {
    assert_eq!(
        err(&pad_model(&[0, 0, 1, 1, 1, 1, 0, 2], None)),
        "PAD (operator 0): it pads the channels by (0, 2); `pad` pads only height and width, or the steps (as \
         Keras' ZeroPadding2D and ZeroPadding1D do)"
    );
    assert_eq!(
        err(&pad_model(&[1, 0, 0, 0, 0, 0, 0, 0], None)),
        "PAD (operator 0): it pads the batch by (1, 0); `pad` pads only height and width, or the steps (as \
         Keras' ZeroPadding2D and ZeroPadding1D do)"
    );
    assert_eq!(
        err(&pad_model(&[0, 0, 1, 1, 1, 1, 0, 0], Some(-1.0))),
        "PADV2 (operator 0): it pads with a value other than zero; `pad` pads with zeros (Keras' ZeroPadding2D)"
    );
}

#[test]
fn zero_padding1d_pads_the_steps() {
    let mut m = ModelBuilder::new();
    let x = m.f32(&[1, 5, 2]);
    let p = m.i32_const(&[3, 2], &[0, 0, 2, 1, 0, 0]);
    let y = m.f32(&[1, 8, 2]);
    m.op(fb::BuiltinOperator::PAD, &[x, p], &[y], Opt::None);
    m.io(&[x], &[y]);
    assert_eq!(
        chain(&ok(&m.build())),
        ["-> pad(left = 2, right = 1); // [8, 2]"]
    );
}

/// An int8 PAD by one row below, its output quantized as `out`.
fn int8_pad(out: (f32, i64), value: Option<i8>) -> Vec<u8> {
    let mut m = ModelBuilder::new();
    let x = m.i8(&[1, 2, 2, 1], 0.5, -3);
    let p = m.i32_const(&[4, 2], &[0, 0, 0, 1, 0, 0, 0, 0]);
    let y = m.i8(&[1, 3, 2, 1], out.0, out.1);
    match value {
        None => m.op(fb::BuiltinOperator::PAD, &[x, p], &[y], Opt::None),
        Some(v) => {
            let v = m.i8_const(&[], &[v], &[out.0], 0);
            m.op(fb::BuiltinOperator::PADV2, &[x, p, v], &[y], Opt::None);
        }
    }
    m.io(&[x], &[y]);
    m.build()
}

#[test]
fn int8_pad_keeps_the_quantization_and_pads_with_the_zero_point() {
    let imported = ok(&int8_pad((0.5, -3), None));
    assert_eq!(chain(&imported), ["-> pad(bottom = 1); // [3, 2, 1]"]);
    ok(&int8_pad((0.5, -3), Some(-3)));
    assert_eq!(
        err(&int8_pad((0.5, -3), Some(5))),
        "PADV2 (operator 0): it pads with a value other than zero; `pad` pads with zeros (Keras' ZeroPadding2D)"
    );
    assert_eq!(
        err(&int8_pad((0.25, -3), None)),
        "PAD (operator 0): its output quantization (scale 0.25, zero point -3) differs from its input's (scale \
         0.5, zero point -3); TFLite Micro's PAD copies int8 values"
    );
}

/// A float RESIZE_NEAREST_NEIGHBOR of a `[1, 3, 2, 1]` input to `size`.
fn resize_model(size: [i32; 2], align_corners: bool, half_pixel_centers: bool) -> Vec<u8> {
    let mut m = ModelBuilder::new();
    let x = m.f32(&[1, 3, 2, 1]);
    let s = m.i32_const(&[2], &size);
    let y = m.f32(&[1, size[0], size[1], 1]);
    let options = Opt::Resize(align_corners, half_pixel_centers);
    m.op(
        fb::BuiltinOperator::RESIZE_NEAREST_NEIGHBOR,
        &[x, s],
        &[y],
        options,
    );
    m.io(&[x], &[y]);
    m.build()
}

#[test]
fn upsampling2d_becomes_upsample() {
    // What Keras' UpSampling2D writes: half-pixel centres.
    let imported = ok(&resize_model([6, 4], false, true));
    assert_eq!(chain(&imported), ["-> upsample(2); // [6, 4, 1]"]);
    let imported = ok(&resize_model([9, 2], false, false));
    assert_eq!(chain(&imported), ["-> upsample(3x1); // [9, 2, 1]"]);
}

#[test]
fn upsample_refuses_other_sizes_and_mappings() {
    assert_eq!(
        err(&resize_model([4, 4], false, true)),
        "RESIZE_NEAREST_NEIGHBOR (operator 0): it resizes the height from 3 to 4; `upsample` repeats rows and \
         columns a whole number of times (as Keras' UpSampling2D does)"
    );
    // Corners aligned, 3 → 9: row 2 reads 2 · 1/4 = 0.5, rounded to row 1.
    assert_eq!(
        err(&resize_model([9, 2], true, false)),
        "RESIZE_NEAREST_NEIGHBOR (operator 0): with align_corners = true and half_pixel_centers = false, \
         TFLite does not repeat each pixel 3x1 times; `upsample` supports what Keras' UpSampling2D writes \
         (half_pixel_centers = true)"
    );
}

#[test]
fn keras3_upsampling_repeat_imports_as_tile() {
    // The start of Keras 3's UpSampling2D along the height: EXPAND_DIMS → TILE.
    let mut m = ModelBuilder::new();
    let x = m.f32(&[1, 2, 2, 1]);
    let axis = m.i32_const(&[], &[2]);
    let e = m.f32(&[1, 2, 1, 2, 1]);
    m.op(
        fb::BuiltinOperator::EXPAND_DIMS,
        &[x, axis],
        &[e],
        Opt::None,
    );
    let multiples = m.i32_const(&[5], &[1, 1, 2, 1, 1]);
    let t = m.f32(&[1, 2, 2, 2, 1]);
    m.op(fb::BuiltinOperator::TILE, &[e, multiples], &[t], Opt::None);
    m.io(&[x], &[t]);
    let imported = ok(&m.build());
    assert!(
        imported
            .source
            .contains("-> reshape[2, 1, 2, 1]              // [2, 1, 2, 1]\n        -> tile(multiples = [1, 2, 1, 1]);"),
        "{}",
        imported.source
    );
}

/// A float TRANSPOSE_CONV of a `[1, 4, 4, 2]` input by a 3x3 kernel to 3
/// filters, declaring output `[1, oh, ow, 3]`, with a bias if `bias`.
fn transpose_model(padding: fb::Padding, stride: i32, out: (i32, i32), bias: bool) -> Vec<u8> {
    let mut m = ModelBuilder::new();
    let x = m.f32(&[1, 4, 4, 2]);
    let shape = m.i32_const(&[4], &[1, out.0, out.1, 3]);
    let w = m.f32_const(&[3, 3, 3, 2], &crate::testmodel::ramp(54));
    let y = m.f32(&[1, out.0, out.1, 3]);
    let mut inputs = vec![shape, w, x];
    if bias {
        inputs.push(m.f32_const(&[3], &[1.0, 2.0, 3.0]));
    }
    let options = Opt::TransposeConv {
        padding,
        stride: (stride, stride),
        act: fb::ActivationFunctionType::RELU,
    };
    m.op(fb::BuiltinOperator::TRANSPOSE_CONV, &inputs, &[y], options);
    m.io(&[x], &[y]);
    m.build()
}

#[test]
fn conv2d_transpose_as_keras_writes_it() {
    let imported = ok(&transpose_model(fb::Padding::SAME, 2, (8, 8), true));
    assert_eq!(
        chain(&imported),
        ["-> conv2d_transpose(3, 3x3, stride = 2, padding = same) -> relu; // [8, 8, 3]"]
    );
    // The weights, then the bias (input 3), as weights.bin stores them.
    let weights = &imported.weights;
    assert_eq!(weights.len(), (54 + 3) * 4);
    assert_eq!(
        weights[54 * 4..],
        [1.0f32, 2.0, 3.0].map(f32::to_le_bytes).concat()[..]
    );
    let imported = ok(&transpose_model(fb::Padding::VALID, 2, (9, 9), false));
    assert_eq!(
        chain(&imported),
        ["-> conv2d_transpose(3, 3x3, stride = 2) -> relu; // [9, 9, 3]"]
    );
}

#[test]
fn conv2d_transpose_refuses_output_padding() {
    // Keras' output_padding = 1 on `valid`: 10 instead of 9.
    assert_eq!(
        err(&transpose_model(fb::Padding::VALID, 2, (10, 10), true)),
        "TRANSPOSE_CONV (operator 0): its output shape [10, 10, 3] is not [9, 9, 3], what Keras' Conv2DTranspose \
         computes for this input, kernel, stride and padding (`output_padding` is not supported)"
    );
}

#[test]
fn int8_relu_that_requantizes_is_leaky_relu_with_alpha_0() {
    // The converter's int8 RELU after a TRANSPOSE_CONV has a scale of its own.
    let mut m = ModelBuilder::new();
    let x = m.i8(&[1, 2, 2, 1], 0.5, -3);
    let y = m.i8(&[1, 2, 2, 1], 0.25, -128);
    m.op(fb::BuiltinOperator::RELU, &[x], &[y], Opt::None);
    m.io(&[x], &[y]);
    assert_eq!(
        chain(&ok(&m.build())),
        ["-> leaky_relu(alpha = 0.0); // [2, 2, 1]"]
    );
}
