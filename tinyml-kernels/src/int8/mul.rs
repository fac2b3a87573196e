//! Quantized element-wise multiplication (TFLM's `MUL` for `int8`): the
//! product of the two offset values, scaled once by
//! `input1_scale · input2_scale / output_scale`
//! ([`multiply_by_quantized_multiplier`]), plus the output zero point,
//! clamped. [`super::prepare::mul`] computes the parameters.

use super::clamp_i8;
use super::quant::multiply_by_quantized_multiplier;
use crate::broadcast::{Broadcast, broadcast};

/// The quantization parameters of a `MUL` (TFLM's `OpDataMul`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MulQuant {
    /// `−zero_point` of the first input.
    pub input1_offset: i32,
    /// `−zero_point` of the second input.
    pub input2_offset: i32,
    /// `zero_point` of the output.
    pub output_offset: i32,
    /// Q31 multiplier of the product.
    pub multiplier: i32,
    /// Its power-of-two shift.
    pub shift: i32,
    /// Lower clamp: the fused activation's minimum.
    pub act_min: i8,
    /// Upper clamp: the fused activation's maximum.
    pub act_max: i8,
}

/// One output element. The offset values are at most 255 in magnitude, so
/// their product cannot overflow.
#[inline(always)]
fn mul_one(x: i8, y: i8, q: &MulQuant) -> i8 {
    let x = q.input1_offset + i32::from(x);
    let y = q.input2_offset + i32::from(y);
    let product = multiply_by_quantized_multiplier(x * y, q.multiplier, q.shift);
    clamp_i8(
        product.wrapping_add(q.output_offset),
        (q.act_min, q.act_max),
    )
}

/// `output = lhs · rhs` in the output's quantization, with TFLite's
/// broadcasting.
pub fn mul<const A: usize, const B: usize, const N: usize>(
    lhs: &[i8; A],
    rhs: &[i8; B],
    output: &mut [i8; N],
    shape: &Broadcast,
    quant: MulQuant,
) {
    broadcast(lhs, rhs, output, shape, |x, y| mul_one(x, y, &quant));
}
