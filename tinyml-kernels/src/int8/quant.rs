//! The fixed-point arithmetic of TensorFlow Lite Micro's int8 kernels.
//!
//! TFLM is built without `TFLITE_SINGLE_ROUNDING`, so a real multiplier `M`
//! is applied in two rounding steps (gemmlowp's): a Q31 multiply that keeps
//! the rounded high half ([`saturating_rounding_doubling_high_mul`]), then a
//! rounding right shift ([`rounding_divide_by_pot`]). Each function below
//! states its rounding. Everything here is integer-only except
//! [`quantize_multiplier`] and the softmax scaling, which run at compile
//! time (they are `const fn`).
//!
//! Where TFLM's C++ would overflow a signed `int32_t` (undefined behaviour,
//! in practice a wrap), these functions wrap too; none of them panics.

mod fixed_point;
pub mod hard_swish;
pub mod int16_activation;
mod int16_sigmoid_table;
pub mod leaky_relu;
pub mod logistic_tanh;

pub use fixed_point::{
    exp_on_negative_values, logistic, one_minus_x_over_one_plus_x_for_x_in_0_1,
    one_over_one_plus_x_for_x_in_0_1, reciprocal, saturating_rounding_multiply_by_pot, tanh,
};

use super::float::{frexp, round_f64};

/// `round(a · b / 2^31)` with ties toward +∞, saturated: the rounded high
/// half of the doubled 64-bit product (gemmlowp's
/// `SaturatingRoundingDoublingHighMul`, ARM's `VQRDMULH`).
///
/// The nudge is `2^30` for a non-negative product and `1 − 2^30` for a
/// negative one, added before a division that truncates toward zero; that
/// is `⌊a · b / 2^31 + 1/2⌋` for both signs, so `−0.5` rounds to 0 and
/// `+0.5` to 1. The only product that does not fit, `i32::MIN · i32::MIN`
/// (= 2^62, i.e. 1.0 in Q31), saturates to `i32::MAX`.
#[inline(always)]
pub const fn saturating_rounding_doubling_high_mul(a: i32, b: i32) -> i32 {
    if a == i32::MIN && b == i32::MIN {
        return i32::MAX;
    }
    let ab = a as i64 * b as i64;
    let nudge = if ab >= 0 { 1 << 30 } else { 1 - (1 << 30) };
    // |ab| ≤ 2^62 − 2^31 here, so the quotient fits `i32`.
    ((ab + nudge) / (1 << 31)) as i32
}

/// `round(x / 2^exponent)` with ties away from zero (gemmlowp's
/// `RoundingDivideByPOT`, a rounding arithmetic shift right).
///
/// `exponent` must be in `0..=31`, as gemmlowp asserts; values outside are
/// clamped to that range.
#[inline(always)]
pub const fn rounding_divide_by_pot(x: i32, exponent: i32) -> i32 {
    let exponent = if exponent < 0 {
        0
    } else if exponent > 31 {
        31
    } else {
        exponent
    };
    let mask = ((1i64 << exponent) - 1) as i32;
    let remainder = x & mask;
    // Half the divisor, plus one for negative `x`: a remainder above it
    // rounds the (floored) quotient up, so ties go away from zero.
    let threshold = (mask >> 1) + (x < 0) as i32;
    (x >> exponent) + (remainder > threshold) as i32
}

/// `x · M` for `M = multiplier · 2^(shift − 31)`, TFLM's
/// `MultiplyByQuantizedMultiplier(int32_t, int32_t, int)` with double
/// rounding.
///
/// A positive `shift` first multiplies `x` by `2^shift` (wrapping, as TFLM's
/// `x * (1 << shift)` does in practice; shifts above 31 are treated as 31),
/// then applies [`saturating_rounding_doubling_high_mul`]; a negative shift
/// applies it first and then [`rounding_divide_by_pot`] by `−shift`. So the
/// result is rounded twice, to nearest each time (ties toward +∞ in the
/// multiply, away from zero in the shift), which can differ by one from
/// the single rounding of `x · M` (TensorFlow Lite's
/// `TFLITE_SINGLE_ROUNDING` builds).
#[inline(always)]
pub const fn multiply_by_quantized_multiplier(x: i32, multiplier: i32, shift: i32) -> i32 {
    let (left, right) = if shift > 0 { (shift, 0) } else { (0, -shift) };
    let left = if left > 31 { 31 } else { left };
    let shifted = x.wrapping_mul(1i32.wrapping_shl(left as u32));
    rounding_divide_by_pot(
        saturating_rounding_doubling_high_mul(shifted, multiplier),
        right,
    )
}

/// TFLM's `MultiplyByQuantizedMultiplierSmallerThanOneExp`, used by `ADD`:
/// `rounding_divide_by_pot(srdhm(x, multiplier), −left_shift)` for
/// `left_shift ≤ 0`.
///
/// Identical to [`multiply_by_quantized_multiplier`] for `left_shift ≤ 0`
/// (a positive `left_shift` is treated as 0); it exists so that the kernels
/// read like TFLM's.
#[inline(always)]
pub const fn multiply_by_quantized_multiplier_smaller_than_one(
    x: i32,
    multiplier: i32,
    left_shift: i32,
) -> i32 {
    let right = if left_shift < 0 { -left_shift } else { 0 };
    rounding_divide_by_pot(saturating_rounding_doubling_high_mul(x, multiplier), right)
}

/// TFLM's `QuantizeMultiplier`: the `(multiplier, shift)` with
/// `real ≈ multiplier · 2^(shift − 31)` that the kernels use.
///
/// Exactly as TFLM computes it: `(q, shift) = frexp(real)` (so
/// `0.5 ≤ |q| < 1`), `multiplier = round(q · 2^31)` (ties away from zero);
/// a `multiplier` that rounds up to `2^31` becomes `2^30` with `shift + 1`;
/// `0.0` gives `(0, 0)`; and a `shift` below −31 (roughly `|real| < 2^-32`)
/// is flushed to `(0, 0)`. Negative multipliers give a negative
/// `multiplier`. The result is exact: no floating-point rounding happens
/// before the single `round`.
///
/// # Panics
///
/// If `real` is NaN or infinite (TFLM's `TFLITE_CHECK` fails or its cast is
/// undefined). In a `const` item this is a compile error.
pub const fn quantize_multiplier(real: f64) -> (i32, i32) {
    assert!(
        real.is_finite(),
        "quantize_multiplier: the multiplier must be finite"
    );
    if real == 0.0 {
        return (0, 0);
    }
    let (q, mut shift) = frexp(real);
    // |q| < 1, so |q · 2^31| ≤ 2^31 (a multiplication by a power of two is
    // exact).
    let mut q_fixed = round_f64(q * (1i64 << 31) as f64) as i64;
    if q_fixed == 1 << 31 {
        q_fixed /= 2;
        shift += 1;
    }
    if shift < -31 {
        return (0, 0);
    }
    (q_fixed as i32, shift)
}

/// TFLM's `QuantizeMultiplierSmallerThanOneExp`: [`quantize_multiplier`]
/// for `0 < real < 1`, whose `shift` (TFLM's `left_shift`) is `≤ 0`.
///
/// Returns `None` where TFLM's checks fail: `real` outside `(0, 1)`, or so
/// close to 1 that the multiplier rounds up to `2^31` and the shift to 1.
pub const fn quantize_multiplier_smaller_than_one(real: f64) -> Option<(i32, i32)> {
    if !(real > 0.0 && real < 1.0) {
        return None;
    }
    let (multiplier, shift) = quantize_multiplier(real);
    if shift > 0 {
        None
    } else {
        Some((multiplier, shift))
    }
}

/// TFLM's `QuantizeMultiplierGreaterThanOne`: [`quantize_multiplier`] for
/// `real > 1`, whose `shift` is `≥ 0`. Returns `None` for `real ≤ 1` (or
/// NaN / infinity).
pub const fn quantize_multiplier_greater_than_one(real: f64) -> Option<(i32, i32)> {
    if !(real > 1.0 && real.is_finite()) {
        return None;
    }
    Some(quantize_multiplier(real))
}

/// TFLM's `PreprocessSoftmaxScaling` (double-rounding build): the
/// `(input_multiplier, input_left_shift)` that turn an `i8` input
/// difference into a Q(`input_integer_bits`) fixed-point value of
/// `beta · input_scale · difference`.
///
/// The real multiplier is `min(beta · input_scale · 2^(31 −
/// input_integer_bits), 2^31 − 1)` in `f64`; the product of the two `f32`s
/// is exact in `f64`, and the power of two too, so nothing rounds before
/// [`quantize_multiplier_greater_than_one`]. Returns `None` where TFLM's
/// check fails (the real multiplier is not above 1, e.g. a tiny scale).
pub const fn preprocess_softmax_scaling(
    beta: f32,
    input_scale: f32,
    input_integer_bits: u32,
) -> Option<(i32, i32)> {
    let max_real_multiplier = (1i64 << 31) as f64 - 1.0;
    let real = beta as f64 * input_scale as f64 * (1i64 << (31 - input_integer_bits)) as f64;
    // `std::min<double>(real, max)`: `real` unless `max < real`.
    let real = if max_real_multiplier < real {
        max_real_multiplier
    } else {
        real
    };
    quantize_multiplier_greater_than_one(real)
}

/// TFLM's `CalculateInputRadius` with 31 total signed bits: the largest
/// input difference whose rescaled value still fits, `⌊(2^bits − 1) ·
/// 2^(31 − bits) / 2^left_shift⌋`. Softmax ignores differences below its
/// negation (`diff_min`).
///
/// TFLM computes it in `double`; every term is a power of two or a small
/// integer, so the integer computation here is identical.
///
/// `input_integer_bits` must be at most 31.
pub const fn calculate_input_radius(input_integer_bits: u32, input_left_shift: u32) -> i32 {
    if input_left_shift > 62 {
        return 0;
    }
    let max_input_rescaled =
        (((1i64 << input_integer_bits) - 1) << (31 - input_integer_bits)) >> input_left_shift;
    max_input_rescaled as i32
}

#[cfg(test)]
mod tests;
