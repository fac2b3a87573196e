//! The element arithmetic of TFLM's `int8` HARD_SWISH
//! (`reference_ops::HardSwish` for `int8_t`), in 16-bit fixed point.
//!
//! The input offset times 2^7 (the "high-res" input) is rescaled twice with
//! Q15 multipliers: once towards the output scale, once to the "relu-ish"
//! scale on which ±3 reads ±32768 (saturating left shifts, one bit kept for
//! last so that a saturation there decides the result, or a rounding right
//! shift). The relu-ish value, mapped from `[−1, 1]` to `[0, 1]`, multiplies
//! the first with a *truncating* doubling high multiply, and a rounding
//! shift lands on the output scale; the output zero point is added in
//! `int16_t` (wrapping, as TFLM's `+=` does) before the clamp to `i8`.

/// The prepared multipliers of a HARD_SWISH
/// ([`prepare::hard_swish`](super::super::prepare::hard_swish)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HardSwishParams {
    /// The input zero point.
    pub input_zero_point: i16,
    /// The output zero point.
    pub output_zero_point: i16,
    /// Q15 multiplier from the high-res input scale to the relu-ish scale.
    pub reluish_multiplier: i16,
    /// Its power-of-two exponent.
    pub reluish_exponent: i32,
    /// Q15 multiplier from the high-res input scale to the output scale.
    pub output_multiplier: i16,
    /// Its power-of-two exponent (`≤ 0`).
    pub output_exponent: i32,
}

/// TFLM's `int8` HARD_SWISH of one value.
pub const fn hard_swish_i8(x: i8, p: &HardSwishParams) -> i8 {
    // |x − zero_point| ≤ 255, so both fit `i16`.
    let offset = (x as i16).wrapping_sub(p.input_zero_point);
    let hires = offset.wrapping_mul(1 << 7);
    let on_preshift_output_scale =
        saturating_rounding_doubling_high_mul(hires, p.output_multiplier);
    let mut reluish = hires;
    if p.reluish_exponent > 0 {
        reluish = saturating_left_shift(reluish, p.reluish_exponent - 1);
    }
    reluish = saturating_rounding_doubling_high_mul(reluish, p.reluish_multiplier);
    if p.reluish_exponent > 0 {
        reluish = saturating_left_shift(reluish, 1);
    }
    if p.reluish_exponent < 0 {
        reluish = rounding_divide_by_pot(reluish, -p.reluish_exponent);
    }
    // [−1, 1] → [0, 1].
    let reluish = ((reluish as i32 + (1 << 15)) >> 1) as i16;
    let preshift_output = saturating_doubling_high_mul(reluish, on_preshift_output_scale);
    let y = rounding_divide_by_pot(preshift_output, -p.output_exponent)
        .wrapping_add(p.output_zero_point);
    if y < i8::MIN as i16 {
        i8::MIN
    } else if y > i8::MAX as i16 {
        i8::MAX
    } else {
        y as i8
    }
}

/// gemmlowp's 16-bit `SaturatingRoundingDoublingHighMul`: `a · b / 2^15`
/// rounded to nearest (ties toward +∞), `i16::MIN²` saturating.
const fn saturating_rounding_doubling_high_mul(a: i16, b: i16) -> i16 {
    if a == i16::MIN && b == i16::MIN {
        return i16::MAX;
    }
    let ab = a as i32 * b as i32;
    let nudge = if ab >= 0 { 1 << 14 } else { 1 - (1 << 14) };
    ((ab + nudge) / (1 << 15)) as i16
}

/// TFLite's `SaturatingDoublingHighMul`: `a · b / 2^15` truncated toward
/// zero (ARM's `SQDMULH`), `i16::MIN²` saturating.
const fn saturating_doubling_high_mul(a: i16, b: i16) -> i16 {
    if a == i16::MIN && b == i16::MIN {
        return i16::MAX;
    }
    (a as i32 * b as i32 / (1 << 15)) as i16
}

/// TFLite's `SaturatingLeftShift` on `int16_t`: `value · 2^amount`,
/// saturated.
const fn saturating_left_shift(value: i16, amount: i32) -> i16 {
    let amount = if amount > 48 { 48 } else { amount };
    let shifted = value as i64 * (1i64 << amount);
    if shifted > i16::MAX as i64 {
        i16::MAX
    } else if shifted < i16::MIN as i64 {
        i16::MIN
    } else {
        shifted as i16
    }
}

/// gemmlowp's `RoundingDivideByPOT` on `int16_t`: `x / 2^exponent`, ties
/// away from zero. Its mask is `2^exponent − 1` truncated to 16 bits, as
/// gemmlowp's `Dup<int16_t>` truncates it; `exponent` is clamped to
/// `0..=31`.
const fn rounding_divide_by_pot(x: i16, exponent: i32) -> i16 {
    let exponent = if exponent < 0 {
        0
    } else if exponent > 31 {
        31
    } else {
        exponent
    };
    let mask = ((1i64 << exponent) - 1) as i16;
    let remainder = x & mask;
    let threshold = (mask >> 1).wrapping_add((x < 0) as i16);
    // C++ promotes `x` to `int` before shifting.
    (((x as i32) >> exponent) as i16).wrapping_add((remainder > threshold) as i16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixteen_bit_helpers_round_as_gemmlowp() {
        // 0.5 · 0.5 in Q15 is 0.25: 8192.
        assert_eq!(saturating_rounding_doubling_high_mul(16384, 16384), 8192);
        assert_eq!(
            saturating_rounding_doubling_high_mul(i16::MIN, i16::MIN),
            i16::MAX
        );
        // 3 · 1 / 2^15 = 0.00009…: rounds to 0, and −(2^14 + 1) · 1 … to −1
        // away from the tie only past it.
        assert_eq!(saturating_rounding_doubling_high_mul(-16385, 1), -1);
        assert_eq!(saturating_rounding_doubling_high_mul(-16384, 1), 0);
        assert_eq!(saturating_rounding_doubling_high_mul(16384, 1), 1);
        // Truncation toward zero.
        assert_eq!(saturating_doubling_high_mul(-16385, 3), -1);
        assert_eq!(saturating_doubling_high_mul(16383, 2), 0);
        assert_eq!(saturating_left_shift(300, 7), i16::MAX);
        assert_eq!(saturating_left_shift(-300, 7), i16::MIN);
        assert_eq!(saturating_left_shift(-3, 2), -12);
        assert_eq!(rounding_divide_by_pot(5, 1), 3);
        assert_eq!(rounding_divide_by_pot(-5, 1), -3);
        assert_eq!(rounding_divide_by_pot(-4, 1), -2);
        assert_eq!(rounding_divide_by_pot(i16::MAX, 15), 1);
    }
}
