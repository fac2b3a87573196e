//! Quantized element-wise addition (TFLM's `ADD` for `int8`).
//!
//! Both inputs are moved to a common scale before adding: each value plus
//! its offset is shifted left by `left_shift` (20) for headroom, scaled by
//! its multiplier (`input_scale / (2 · max input scale)`, below one), the
//! two are added, and the sum is scaled by the output multiplier
//! (`2 · max input scale / (2^20 · output_scale)`). All three scalings are
//! [`multiply_by_quantized_multiplier_smaller_than_one`] (TFLM's double
//! rounding). [`super::prepare::add`] computes the parameters.
//!
//! [`multiply_by_quantized_multiplier_smaller_than_one`]: super::quant::multiply_by_quantized_multiplier_smaller_than_one

use super::clamp_i8;
use super::quant::multiply_by_quantized_multiplier_smaller_than_one as scale;
use crate::broadcast::{Broadcast, broadcast};

/// The quantization parameters of an `ADD` or a `SUB` (TFLM's
/// `ArithmeticParams`; [`super::prepare::add`] and [`super::prepare::sub`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AddQuant {
    /// `−zero_point` of the first input.
    pub input1_offset: i32,
    /// `−zero_point` of the second input.
    pub input2_offset: i32,
    /// `zero_point` of the output.
    pub output_offset: i32,
    /// Headroom shift applied to both inputs: 20 for `int8`.
    pub left_shift: i32,
    /// Q31 multiplier of the first input.
    pub input1_multiplier: i32,
    /// Shift (`≤ 0`) of the first input.
    pub input1_shift: i32,
    /// Q31 multiplier of the second input.
    pub input2_multiplier: i32,
    /// Shift (`≤ 0`) of the second input.
    pub input2_shift: i32,
    /// Q31 multiplier of the sum.
    pub output_multiplier: i32,
    /// Shift (`≤ 0`) of the sum.
    pub output_shift: i32,
    /// Lower clamp: the fused activation's minimum.
    pub act_min: i8,
    /// Upper clamp: the fused activation's maximum.
    pub act_max: i8,
}

/// Both inputs at the common scale: each value plus its offset, shifted
/// left by `left_shift` and scaled by its multiplier (TFLM's
/// `scaled_input*_val`), with TFLM's `int32_t` arithmetic wrapping rather
/// than overflowing. `ADD` adds them, `SUB` subtracts.
#[inline(always)]
pub(crate) fn common_scale(x: i8, y: i8, q: &AddQuant) -> (i32, i32) {
    let shift = |v: i32| v.wrapping_mul(1i32.wrapping_shl(q.left_shift as u32));
    let x = shift(q.input1_offset.wrapping_add(i32::from(x)));
    let y = shift(q.input2_offset.wrapping_add(i32::from(y)));
    (
        scale(x, q.input1_multiplier, q.input1_shift),
        scale(y, q.input2_multiplier, q.input2_shift),
    )
}

/// A sum or difference at the common scale, scaled to the output, plus its
/// zero point, clamped.
#[inline(always)]
pub(crate) fn to_output(raw: i32, q: &AddQuant) -> i8 {
    let out = scale(raw, q.output_multiplier, q.output_shift);
    clamp_i8(out.wrapping_add(q.output_offset), (q.act_min, q.act_max))
}

/// One output element of `ADD` (TFLM's `AddFunc`).
#[inline(always)]
pub(crate) fn add_one(x: i8, y: i8, q: &AddQuant) -> i8 {
    let (x, y) = common_scale(x, y, q);
    to_output(x.wrapping_add(y), q)
}

/// `output = lhs + rhs` in the output's quantization (TFLite `ADD`,
/// `int8`), with TFLite's broadcasting.
pub fn add<const A: usize, const B: usize, const N: usize>(
    lhs: &[i8; A],
    rhs: &[i8; B],
    output: &mut [i8; N],
    shape: &Broadcast,
    quant: AddQuant,
) {
    broadcast(lhs, rhs, output, shape, |x, y| add_one(x, y, &quant));
}
