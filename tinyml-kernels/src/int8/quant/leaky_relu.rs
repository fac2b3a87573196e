//! The element arithmetic of TFLM's `int8` LEAKY_RELU
//! (`reference_ops::QuantizeLeakyRelu`): the input offset `x − zero_point`
//! is requantized with one of two multipliers, `input_scale / output_scale`
//! for offsets `≥ 0` and `alpha · input_scale / output_scale` below
//! ([`multiply_by_quantized_multiplier`], double rounding), plus the output
//! zero point, clamped to `i8`.

use super::multiply_by_quantized_multiplier;

/// The prepared multipliers of a LEAKY_RELU
/// ([`prepare::leaky_relu`](super::super::prepare::leaky_relu)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LeakyReluParams {
    /// The input zero point.
    pub input_zero_point: i32,
    /// The output zero point.
    pub output_zero_point: i32,
    /// `(multiplier, shift)` of `input_scale / output_scale`.
    pub identity: (i32, i32),
    /// `(multiplier, shift)` of `alpha · input_scale / output_scale`.
    pub alpha: (i32, i32),
}

/// TFLM's `int8` LEAKY_RELU of one value.
pub const fn leaky_relu_i8(x: i8, p: &LeakyReluParams) -> i8 {
    let offset = x as i32 - p.input_zero_point;
    let (multiplier, shift) = if offset >= 0 { p.identity } else { p.alpha };
    // TFLM applies a negative alpha's multiplier as its magnitude and
    // negates the product.
    let scaled = multiply_by_quantized_multiplier(offset, multiplier.wrapping_abs(), shift);
    let scaled = if multiplier < 0 {
        scaled.wrapping_neg()
    } else {
        scaled
    };
    let y = p.output_zero_point.wrapping_add(scaled);
    if y < i8::MIN as i32 {
        i8::MIN
    } else if y > i8::MAX as i32 {
        i8::MAX
    } else {
        y as i8
    }
}
