//! Unit tests of the data-movement operators: SLICE and STRIDED_SLICE on
//! activations.

use crate::Imported;
use crate::schema::tflite as fb;
use crate::testmodel::{ModelBuilder, Opt, err, ok};

/// The chain of the imported source: its lines after the input.
fn chain(imported: &Imported) -> String {
    let s = &imported.source;
    let start = s.find("input[").expect("an input");
    let end = s[start..].find(';').expect("a chain") + start;
    s[start..end]
        .lines()
        .map(|line| line.split("//").next().unwrap_or("").trim())
        .collect::<Vec<_>>()
        .join(" ")
}

fn strided(begin_mask: i32, end_mask: i32, shrink_axis_mask: i32) -> Opt {
    Opt::StridedSlice {
        begin_mask,
        end_mask,
        shrink_axis_mask,
        ellipsis_mask: 0,
    }
}

/// input `[1, 6, 4]` → STRIDED_SLICE(begin, end, strides, options) → `out`.
fn strided_slice(bounds: [&[i32]; 3], options: Opt, out: &[i32]) -> Vec<u8> {
    let mut m = ModelBuilder::new();
    let x = m.f32(&[1, 6, 4]);
    let [b, e, s] = bounds.map(|values| m.i32_const(&[3], values));
    let y = m.f32(out);
    m.op(
        fb::BuiltinOperator::STRIDED_SLICE,
        &[x, b, e, s],
        &[y],
        options,
    );
    m.io(&[x], &[y]);
    m.build()
}

#[test]
fn strided_slice_crops_with_masks_and_negative_indices() {
    // Cropping1D((1, 2)): [:, 1:-2, :] with the batch and channels masked.
    let bytes = strided_slice(
        [&[0, 1, 0], &[0, -2, 0], &[1, 1, 1]],
        strided(0b101, 0b101, 0),
        &[1, 3, 4],
    );
    assert_eq!(
        chain(&ok(&bytes)),
        "input[6, 4] -> slice(begin = [1, 0], end = [4, _])"
    );
    // [:, ::2, 1:3]; an end past the dimension is clamped, as TensorFlow does.
    let bytes = strided_slice(
        [&[0, 0, 1], &[1, 99, 3], &[1, 2, 1]],
        strided(0, 0, 0),
        &[1, 3, 2],
    );
    assert_eq!(
        chain(&ok(&bytes)),
        "input[6, 4] -> slice(begin = [0, 1], end = [_, 3], stride = [2, 1])"
    );
}

#[test]
fn strided_slice_shrinks_with_a_reshape() {
    // x[:, 2, :] (the third step): [1, 4].
    let bytes = strided_slice(
        [&[0, 2, 0], &[1, 3, 4], &[1, 1, 1]],
        strided(0, 0, 0b010),
        &[1, 4],
    );
    assert_eq!(
        chain(&ok(&bytes)),
        "input[6, 4] -> slice(begin = [2, 0], end = [3, _]) -> flatten"
    );
}

#[test]
fn strided_slice_refusals() {
    let negative = strided_slice(
        [&[0, 0, 0], &[1, 6, 4], &[1, -1, 1]],
        strided(0, 0, 0),
        &[1, 6, 4],
    );
    assert_eq!(
        err(&negative),
        "STRIDED_SLICE (operator 0): stride -1 along dimension 1; only positive strides are supported (a \
         negative one reverses)"
    );
    let ellipsis = strided_slice(
        [&[0, 0, 0], &[1, 6, 4], &[1, 1, 1]],
        Opt::StridedSlice {
            begin_mask: 0,
            end_mask: 0,
            shrink_axis_mask: 0,
            ellipsis_mask: 1,
        },
        &[1, 6, 4],
    );
    assert_eq!(
        err(&ellipsis),
        "STRIDED_SLICE (operator 0): an ellipsis or new axis in the indexing (`...` or `tf.newaxis`, \
         ellipsis_mask 1, new_axis_mask 0) is not supported; index every dimension"
    );
    let empty = strided_slice(
        [&[0, 4, 0], &[1, 2, 4], &[1, 1, 1]],
        strided(0, 0, 0),
        &[1, 0, 4],
    );
    assert_eq!(
        err(&empty),
        "STRIDED_SLICE (operator 0): it takes nothing of dimension 1 of [1, 6, 4] (positions 4..2)"
    );
    let batch = strided_slice(
        [&[0, 0, 0], &[1, 6, 4], &[1, 1, 1]],
        strided(0, 0, 0b001),
        &[6, 4],
    );
    assert_eq!(
        err(&batch),
        "STRIDED_SLICE (operator 0): it slices the batch dimension; only slices after the batch are supported"
    );
}

#[test]
fn slice_takes_begin_and_size() {
    // tf.slice(x, [0, 1, 2], [-1, 3, -1]).
    let mut m = ModelBuilder::new();
    let x = m.f32(&[1, 6, 4]);
    let b = m.i32_const(&[3], &[0, 1, 2]);
    let n = m.i32_const(&[3], &[-1, 3, -1]);
    let y = m.f32(&[1, 3, 2]);
    m.op(fb::BuiltinOperator::SLICE, &[x, b, n], &[y], Opt::None);
    m.io(&[x], &[y]);
    assert_eq!(
        chain(&ok(&m.build())),
        "input[6, 4] -> slice(begin = [1, 2], end = [4, _])"
    );
    let mut m = ModelBuilder::new();
    let x = m.f32(&[1, 6, 4]);
    let b = m.i32_const(&[3], &[0, 4, 0]);
    let n = m.i32_const(&[3], &[1, 3, 4]);
    let y = m.f32(&[1, 3, 4]);
    m.op(fb::BuiltinOperator::SLICE, &[x, b, n], &[y], Opt::None);
    m.io(&[x], &[y]);
    assert_eq!(
        err(&m.build()),
        "SLICE (operator 0): begin 4 and size 3 are outside dimension 1 of [1, 6, 4]"
    );
}

#[test]
fn int8_slice_keeps_the_quantization() {
    let mut m = ModelBuilder::new();
    let x = m.i8(&[1, 6, 4], 0.5, 1);
    let b = m.i32_const(&[3], &[0, 1, 0]);
    let n = m.i32_const(&[3], &[1, 2, 4]);
    let y = m.i8(&[1, 2, 4], 0.25, 1);
    m.op(fb::BuiltinOperator::SLICE, &[x, b, n], &[y], Opt::None);
    m.io(&[x], &[y]);
    assert_eq!(
        err(&m.build()),
        "SLICE (operator 0): its output quantization (scale 0.25, zero point 1) differs from its input's \
         (scale 0.5, zero point 1); TFLM's int8 SLICE and STRIDED_SLICE copy bytes, so they keep their \
         input's quantization"
    );
}

/// The model's one output: `parts` joined again along `axis`.
fn join(m: &mut ModelBuilder, x: i32, parts: &[i32], axis: i32, shape: &[i32]) {
    let y = m.f32(shape);
    m.op(
        fb::BuiltinOperator::CONCATENATION,
        parts,
        &[y],
        Opt::Concatenation(axis),
    );
    m.io(&[x], &[y]);
}

/// input `[1, 6]` → SPLIT_V(sizes, axis) into parts of `widths` → joined.
fn split_v(sizes: &[i32], axis: i32, widths: &[i32]) -> Vec<u8> {
    let mut m = ModelBuilder::new();
    let x = m.f32(&[1, 6]);
    let s = m.i32_const(&[sizes.len() as i32], sizes);
    let a = m.i32_const(&[], &[axis]);
    let parts: Vec<i32> = widths.iter().map(|&n| m.f32(&[1, n])).collect();
    m.op(fb::BuiltinOperator::SPLIT_V, &[x, s, a], &parts, Opt::None);
    join(&mut m, x, &parts, 1, &[1, 6]);
    m.build()
}

#[test]
fn split_becomes_one_slice_per_part() {
    // tf.split(x, 2, axis=-1) on [1, 4, 6], then the halves added.
    let mut m = ModelBuilder::new();
    let x = m.f32(&[1, 4, 6]);
    let axis = m.i32_const(&[], &[-1]);
    let (a, b) = (m.f32(&[1, 4, 3]), m.f32(&[1, 4, 3]));
    m.op(fb::BuiltinOperator::SPLIT, &[axis, x], &[a, b], Opt::None);
    let y = m.f32(&[1, 4, 3]);
    m.op(
        fb::BuiltinOperator::ADD,
        &[a, b],
        &[y],
        Opt::Add(fb::ActivationFunctionType::NONE),
    );
    m.io(&[x], &[y]);
    let imported = ok(&m.build());
    let s = &imported.source;
    assert!(s.contains("pub Test: f32 = input[4, 6] as x0;"), "{s}");
    assert!(s.contains("x0 -> slice(end = [_, 3]) as y0;"), "{s}");
    assert!(s.contains("x0 -> slice(begin = [0, 3]) as y1;"), "{s}");
    assert!(s.contains("add(y0, y1);"), "{s}");
    // Three parts of 6 do not divide 4 steps.
    let mut m = ModelBuilder::new();
    let x = m.f32(&[1, 4, 6]);
    let axis = m.i32_const(&[], &[1]);
    let parts: Vec<i32> = (0..3).map(|_| m.f32(&[1, 1, 6])).collect();
    m.op(fb::BuiltinOperator::SPLIT, &[axis, x], &parts, Opt::None);
    join(&mut m, x, &parts, 1, &[1, 3, 6]);
    assert_eq!(
        err(&m.build()),
        "SPLIT (operator 0): a dimension of 4 does not split into 3 equal parts"
    );
}

#[test]
fn split_v_takes_sizes_and_the_rest() {
    let mut m = ModelBuilder::new();
    let x = m.f32(&[1, 6]);
    let s = m.i32_const(&[2], &[-1, 2]);
    let a = m.i32_const(&[], &[1]);
    let (head, tail) = (m.f32(&[1, 4]), m.f32(&[1, 2]));
    m.op(
        fb::BuiltinOperator::SPLIT_V,
        &[x, s, a],
        &[head, tail],
        Opt::None,
    );
    let y = m.f32(&[1, 6]);
    m.op(
        fb::BuiltinOperator::CONCATENATION,
        &[tail, head],
        &[y],
        Opt::Concatenation(1),
    );
    m.io(&[x], &[y]);
    let s = ok(&m.build()).source;
    assert!(s.contains("x0 -> slice(end = [4]) as y0;"), "{s}");
    assert!(s.contains("x0 -> slice(begin = [4]) as y1;"), "{s}");
    assert!(s.contains("concat(y1, y0);"), "{s}");
    assert_eq!(
        err(&split_v(&[4, 3], 1, &[4, 3])),
        "SPLIT_V (operator 0): sizes [4, 3] do not split a dimension of 6 into parts of at least 1"
    );
    assert_eq!(
        err(&split_v(&[1, -1], 0, &[1, 1])),
        "SPLIT_V (operator 0): splitting along axis 0 of a rank-2 tensor is not supported (only axes after \
         the batch)"
    );
}

#[test]
fn int8_split_parts_keep_the_quantization() {
    let mut m = ModelBuilder::new();
    let x = m.i8(&[1, 4], 0.5, 0);
    let axis = m.i32_const(&[], &[1]);
    let (a, b) = (m.i8(&[1, 2], 0.5, 0), m.i8(&[1, 2], 0.5, 3));
    m.op(fb::BuiltinOperator::SPLIT, &[axis, x], &[a, b], Opt::None);
    let y = m.i8(&[1, 2], 0.5, 0);
    m.op(
        fb::BuiltinOperator::ADD,
        &[a, b],
        &[y],
        Opt::Add(fb::ActivationFunctionType::NONE),
    );
    m.io(&[x], &[y]);
    assert_eq!(
        err(&m.build()),
        "SPLIT (operator 0): its output quantization (scale 0.5, zero point 3) differs from its input's (scale \
         0.5, zero point 0); TFLM's int8 SPLIT and SPLIT_V copy bytes, so every part keeps the input's \
         quantization"
    );
}

/// input `[1, 5, 3]` → `code`(x, the constant `[4]` input 1) → `out`.
fn with_constant(code: fb::BuiltinOperator, values: &[i32], out: &[i32]) -> Vec<u8> {
    let mut m = ModelBuilder::new();
    let x = m.f32(&[1, 5, 3]);
    let c = m.i32_const(&[values.len() as i32], values);
    let y = m.f32(out);
    m.op(code, &[x, c], &[y], Opt::None);
    m.io(&[x], &[y]);
    m.build()
}

#[test]
fn transpose_reorders_the_dimensions_after_the_batch() {
    // Keras' Permute((2, 1)).
    let bytes = with_constant(fb::BuiltinOperator::TRANSPOSE, &[0, 2, 1], &[1, 3, 5]);
    assert_eq!(
        chain(&ok(&bytes)),
        "input[5, 3] -> transpose(perm = [1, 0])"
    );
    let bytes = with_constant(fb::BuiltinOperator::TRANSPOSE, &[1, 0, 2], &[5, 1, 3]);
    assert_eq!(
        err(&bytes),
        "TRANSPOSE (operator 0): permutation [1, 0, 2] moves the batch dimension; only dimensions after the \
         batch may be reordered"
    );
}

#[test]
fn tile_repeats_the_dimensions_after_the_batch() {
    let bytes = with_constant(fb::BuiltinOperator::TILE, &[1, 2, 1], &[1, 10, 3]);
    assert_eq!(
        chain(&ok(&bytes)),
        "input[5, 3] -> tile(multiples = [2, 1])"
    );
    let bytes = with_constant(fb::BuiltinOperator::TILE, &[2, 1, 1], &[2, 5, 3]);
    assert_eq!(
        err(&bytes),
        "TILE (operator 0): multiples [2, 1, 1] are not supported: the batch must not repeat (its multiple is \
         1) and every multiple must be at least 1"
    );
}
