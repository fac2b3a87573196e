//! The gemmlowp fixed-point functions that TFLM's int8 softmax, logistic
//! and tanh use, on raw `i32` values.
//!
//! A Q`m` value (gemmlowp's `FixedPoint<int32_t, m>`) has `m` integer bits
//! and `31 − m` fractional bits: raw `r` stands for `r / 2^(31 − m)`. A
//! product of a Q`a` and a Q`b` value is a Q`(a + b)` value computed by
//! [`saturating_rounding_doubling_high_mul`]; sums and differences are plain
//! (wrapping) integer operations, as in gemmlowp.

use super::{rounding_divide_by_pot, saturating_rounding_doubling_high_mul as mul};

/// gemmlowp's `SaturatingRoundingMultiplyByPOT`: `x · 2^exponent`.
///
/// A positive `exponent` (at most 31) shifts left and saturates to
/// `i32::MIN..=i32::MAX`; a negative one is [`rounding_divide_by_pot`]
/// (ties away from zero). This is also gemmlowp's `Rescale`, which moves a
/// value from Q`src` to Q`dst` with `exponent = src − dst`.
#[inline(always)]
pub const fn saturating_rounding_multiply_by_pot(x: i32, exponent: i32) -> i32 {
    if exponent > 0 {
        let exponent = if exponent > 31 { 31 } else { exponent };
        let threshold = (1i32 << (31 - exponent)) - 1;
        if x > threshold {
            i32::MAX
        } else if x < -threshold {
            i32::MIN
        } else {
            x << exponent
        }
    } else if exponent < 0 {
        rounding_divide_by_pot(x, -exponent)
    } else {
        x
    }
}

/// gemmlowp's `RoundingHalfSum`: `(a + b) / 2`, ties away from zero.
#[inline(always)]
const fn rounding_half_sum(a: i32, b: i32) -> i32 {
    let sum = a as i64 + b as i64;
    let sign = if sum >= 0 { 1 } else { -1 };
    ((sum + sign) / 2) as i32
}

/// `exp(a)` for a Q0 `a` in `[−1/4, 0)`, as Q0: gemmlowp's Taylor expansion
/// around −1/8 to the fourth power.
#[inline(always)]
const fn exp_on_interval_between_negative_one_quarter_and_0_excl(a: i32) -> i32 {
    /// `exp(−1/8)` in Q0.
    const CONSTANT_TERM: i32 = 1_895_147_668;
    /// `1/3` in Q0.
    const CONSTANT_1_OVER_3: i32 = 715_827_883;
    let x = a.wrapping_add(1 << 28); // a + 1/8
    let x2 = mul(x, x);
    let x3 = mul(x2, x);
    let x4 = mul(x2, x2);
    let x4_over_4 = saturating_rounding_multiply_by_pot(x4, -2);
    let sum = mul(x4_over_4.wrapping_add(x3), CONSTANT_1_OVER_3).wrapping_add(x2);
    let x4_over_24_plus_x3_over_6_plus_x2_over_2 = saturating_rounding_multiply_by_pot(sum, -1);
    CONSTANT_TERM.wrapping_add(mul(
        CONSTANT_TERM,
        x.wrapping_add(x4_over_24_plus_x3_over_6_plus_x2_over_2),
    ))
}

/// gemmlowp's `exp_on_negative_values`: `exp(a)` for a Q`INTEGER_BITS`
/// value `a ≤ 0`, as a Q0 value (`exp(0)` is `i32::MAX`, just below 1).
///
/// `a` is split into `−1/4 ·` (a whole number of quarters) plus a remainder
/// in `[−1/4, 0)`: the remainder goes through the Taylor expansion, then each
/// set bit of the quarters multiplies in a constant `exp(−2^k)`
/// (`k = −2..=4`). With more than 5 integer bits, `a < −32` gives 0.
/// `INTEGER_BITS` must be at most 29.
pub const fn exp_on_negative_values<const INTEGER_BITS: u32>(a: i32) -> i32 {
    exp_on_negative_values_of(a, INTEGER_BITS)
}

/// [`exp_on_negative_values`] with the integer bits as a value (tanh needs
/// one more than its input has).
const fn exp_on_negative_values_of(a: i32, integer_bits: u32) -> i32 {
    /// `(k, exp(−2^k) in Q0)` for the barrel shifter.
    const BARREL: [(i32, i32); 7] = [
        (-2, 1_672_461_947),
        (-1, 1_302_514_674),
        (0, 790_015_084),
        (1, 290_630_308),
        (2, 39_332_535),
        (3, 720_401),
        (4, 242),
    ];
    let integer_bits = integer_bits as i32;
    let fractional_bits = 31 - integer_bits;
    let one_quarter = 1i32 << (fractional_bits - 2);
    let mask = one_quarter - 1;
    let a_mod_quarter_minus_one_quarter = (a & mask).wrapping_sub(one_quarter);
    let mut result = exp_on_interval_between_negative_one_quarter_and_0_excl(
        saturating_rounding_multiply_by_pot(a_mod_quarter_minus_one_quarter, integer_bits),
    );
    let remainder = a_mod_quarter_minus_one_quarter.wrapping_sub(a);
    let mut i = 0;
    while i < BARREL.len() {
        let (k, multiplier) = BARREL[i];
        if integer_bits > k && remainder & (1 << (fractional_bits + k)) != 0 {
            result = mul(result, multiplier);
        }
        i += 1;
    }
    if integer_bits > 5 {
        let clamp = -(1i32 << (36 - integer_bits)); // −32
        if a < clamp {
            result = 0;
        }
    }
    if a == 0 { i32::MAX } else { result }
}

/// gemmlowp's `one_over_one_plus_x_for_x_in_0_1`: `1 / (1 + a)` for a Q0
/// `a` in `[0, 1)`, as Q0, by three Newton–Raphson steps on the half
/// denominator starting from `48/17 − 32/17 · d`.
pub const fn one_over_one_plus_x_for_x_in_0_1(a: i32) -> i32 {
    // x/2 is the same raw value read as Q1; rescaled to Q0.
    saturating_rounding_multiply_by_pot(two_over_one_plus_x(a), 1)
}

/// gemmlowp's `one_minus_x_over_one_plus_x_for_x_in_0_1`: `(1 − a) / (1 +
/// a)` for a Q0 `a` in `[0, 1)`, as Q0: the same Newton–Raphson steps as
/// [`one_over_one_plus_x_for_x_in_0_1`], then `2 / (1 + a) − 1`.
pub const fn one_minus_x_over_one_plus_x_for_x_in_0_1(a: i32) -> i32 {
    saturating_rounding_multiply_by_pot(two_over_one_plus_x(a).wrapping_sub(ONE_Q2), 2)
}

/// `1` in Q2.
const ONE_Q2: i32 = 1 << 29;

/// `2 / (1 + a)` in Q2 for a Q0 `a` in `[0, 1)`: `1 / d` for the half
/// denominator `d = (1 + a) / 2`, by three Newton–Raphson steps from
/// `48/17 − 32/17 · d` (gemmlowp's shared core of the two functions above).
const fn two_over_one_plus_x(a: i32) -> i32 {
    /// `48/17` in Q2.
    const CONSTANT_48_OVER_17: i32 = 1_515_870_810;
    /// `−32/17` in Q2.
    const CONSTANT_NEG_32_OVER_17: i32 = -1_010_580_540;
    let half_denominator = rounding_half_sum(a, i32::MAX);
    let mut x = CONSTANT_48_OVER_17.wrapping_add(mul(half_denominator, CONSTANT_NEG_32_OVER_17));
    let mut i = 0;
    while i < 3 {
        let half_denominator_times_x = mul(half_denominator, x);
        let one_minus_half_denominator_times_x = ONE_Q2.wrapping_sub(half_denominator_times_x);
        // Q2 · Q2 is Q4; rescaled back to Q2.
        let step =
            saturating_rounding_multiply_by_pot(mul(x, one_minus_half_denominator_times_x), 2);
        x = x.wrapping_add(step);
        i += 1;
    }
    x
}

/// gemmlowp's `logistic`: `1 / (1 + e^−a)` for a Q`INTEGER_BITS` `a`, as
/// Q0. It is computed on `|a|` (`1 / (1 + e^−|a|)`), mirrored to `1 − …`
/// for negative `a` (1 being `i32::MAX` in Q0), and exactly one half at 0.
pub const fn logistic<const INTEGER_BITS: u32>(a: i32) -> i32 {
    let magnitude = if a > 0 { a } else { a.wrapping_neg() };
    let of_magnitude = one_over_one_plus_x_for_x_in_0_1(exp_on_negative_values_of(
        magnitude.wrapping_neg(),
        INTEGER_BITS,
    ));
    if a == 0 {
        1 << 30
    } else if a > 0 {
        of_magnitude
    } else {
        i32::MAX.wrapping_sub(of_magnitude)
    }
}

/// gemmlowp's `tanh`: `(1 − e^−2|a|) / (1 + e^−2|a|)` for a
/// Q`INTEGER_BITS` `a`, as Q0, with the sign of `a` (0 at 0). `e^−2|a|` is
/// `exp_on_negative_values` of `−|a|` read with one more integer bit (the
/// same raw value doubled), so `INTEGER_BITS` must be at most 28.
pub const fn tanh<const INTEGER_BITS: u32>(a: i32) -> i32 {
    let non_positive = if a < 0 { a } else { a.wrapping_neg() };
    let magnitude = one_minus_x_over_one_plus_x_for_x_in_0_1(exp_on_negative_values_of(
        non_positive,
        INTEGER_BITS + 1,
    ));
    if a == 0 {
        0
    } else if a < 0 {
        magnitude.wrapping_neg()
    } else {
        magnitude
    }
}

/// TFLM's `GetReciprocal`: for a positive Q`x_integer_digits` value `x`,
/// returns `(scale, num_bits_over_unit)` with `scale` in Q0 and
/// `1 / x ≈ scale · 2^−num_bits_over_unit`.
///
/// `x` is shifted left until its top bit is bit 31 (it then stands for a
/// value in `[1, 2)`), and the reciprocal of that is
/// [`one_over_one_plus_x_for_x_in_0_1`] of its fractional part.
pub const fn reciprocal(x: i32, x_integer_digits: i32) -> (i32, i32) {
    let headroom_plus_one = (x as u32).leading_zeros();
    let num_bits_over_unit = x_integer_digits - headroom_plus_one as i32;
    // `x == 0` (shift by 32) is outside the contract; it gives 0 rather
    // than a panic.
    let shifted = match (x as u32).checked_shl(headroom_plus_one) {
        Some(v) => v,
        None => 0,
    };
    let shifted_sum_minus_one = shifted.wrapping_sub(1 << 31) as i32;
    (
        one_over_one_plus_x_for_x_in_0_1(shifted_sum_minus_one),
        num_bits_over_unit,
    )
}
