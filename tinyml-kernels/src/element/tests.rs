//! Rounding and saturation edge cases of `Element`.

extern crate std;

use fixed::types::extra::{U0, U8};
use fixed::types::{I1F15, I4F4, I8F8, I16F16};
use fixed::{FixedI8, FixedI32};
use proptest::prelude::*;

use super::Element;

type I0F8 = FixedI8<U8>;
type I8F0 = FixedI8<U0>;

fn i4f4(raw: i8) -> I4F4 {
    I4F4::from_bits(raw)
}

#[test]
fn from_acc_rounds_ties_toward_positive_infinity() {
    // I4F4 products carry 8 fractional bits: 8 is half an output step.
    assert_eq!(I4F4::from_acc(8), i4f4(1));
    assert_eq!(I4F4::from_acc(7), i4f4(0));
    assert_eq!(I4F4::from_acc(-8), i4f4(0));
    assert_eq!(I4F4::from_acc(-9), i4f4(-1));
    assert_eq!(I4F4::from_acc(24), i4f4(2)); // 1.5 steps
    assert_eq!(I4F4::from_acc(-24), i4f4(-1)); // -1.5 steps
    // Zero fractional bits: nothing to round.
    assert_eq!(I8F0::from_acc(-3), I8F0::from_bits(-3));
}

#[test]
fn from_acc_saturates() {
    assert_eq!(I4F4::from_acc(127 * 16 + 7), I4F4::MAX);
    assert_eq!(I4F4::from_acc(127 * 16 + 8), I4F4::MAX);
    assert_eq!(I4F4::from_acc(i32::MAX / 2), I4F4::MAX);
    assert_eq!(I4F4::from_acc(-128 * 16 - 8), I4F4::MIN);
    assert_eq!(I4F4::from_acc(-128 * 16 - 9), I4F4::MIN);
    assert_eq!(I4F4::from_acc(i32::MIN / 2), I4F4::MIN);
    assert_eq!(I16F16::from_acc(i128::MAX / 4), I16F16::MAX);
    assert_eq!(I16F16::from_acc(i128::MIN / 4), I16F16::MIN);
}

#[test]
fn bias_and_products_are_exact() {
    assert_eq!(I4F4::acc_from_bias(i4f4(3)), 48);
    assert_eq!(I4F4::acc_from_bias(I4F4::MIN), -128 * 16);
    let acc = I4F4::mac(I4F4::acc_from_bias(I4F4::MIN), I4F4::MIN, I4F4::MIN);
    assert_eq!(acc, -128 * 16 + 128 * 128);
    let big = I16F16::MIN;
    assert_eq!(I16F16::mac(0, big, big), 1i128 << 62);
}

#[test]
fn mean_rounds_ties_away_from_zero() {
    let sum = |raws: &[i8]| {
        raws.iter()
            .fold(I4F4::sum_zero(), |s, &r| I4F4::sum_add(s, i4f4(r)))
    };
    assert_eq!(<I4F4 as Element>::mean(sum(&[1, 2]), 2), i4f4(2)); // 1.5
    assert_eq!(<I4F4 as Element>::mean(sum(&[-1, -2]), 2), i4f4(-2)); // -1.5
    assert_eq!(<I4F4 as Element>::mean(sum(&[-2, -3]), 2), i4f4(-3)); // -2.5
    assert_eq!(<I4F4 as Element>::mean(sum(&[1, 0, 0, 0]), 4), i4f4(0)); // 0.25
    assert_eq!(<I4F4 as Element>::mean(sum(&[-1, -1, 0]), 3), i4f4(-1)); // -0.67
    assert_eq!(<I4F4 as Element>::mean(sum(&[127, 127, 127]), 3), I4F4::MAX);
    assert_eq!(<I4F4 as Element>::mean(sum(&[-128, -128]), 2), I4F4::MIN);
    assert_eq!(f32::mean(f32::sum_add(f32::sum_add(0.0, 1.0), 2.0), 2), 1.5);
}

#[test]
fn max_and_clamp() {
    assert_eq!(Element::max(1.0f32, f32::NAN), 1.0);
    assert!(Element::max(f32::NAN, 1.0f32).is_nan());
    assert_eq!(Element::max(-1.0f32, 2.0), 2.0);
    assert!(f32::NAN.clamp_to(0.0, 6.0).is_nan());
    assert_eq!(Element::max(i4f4(-3), i4f4(2)), i4f4(2));
    assert_eq!(5.0f32.clamp_to(0.0, 6.0), 5.0);
    assert_eq!(7.0f32.clamp_to(0.0, 6.0), 6.0);
    assert_eq!((-1.0f32).clamp_to(0.0, f32::INFINITY), 0.0);
    assert_eq!(1.0f32.clamp_to(3.0, 2.0), 2.0); // lo > hi: hi, no panic
    assert_eq!(i4f4(100).clamp_to(i4f4(0), i4f4(96)), i4f4(96));
    assert_eq!(i4f4(5).clamp_to(i4f4(9), i4f4(8)), i4f4(8));
}

#[test]
fn from_i32_saturates() {
    assert_eq!(I4F4::from_i32_saturating(6), I4F4::from_num(6));
    assert_eq!(I4F4::from_i32_saturating(8), I4F4::MAX);
    assert_eq!(I4F4::from_i32_saturating(-8), I4F4::MIN);
    assert_eq!(I4F4::from_i32_saturating(-9), I4F4::MIN);
    assert_eq!(I1F15::from_i32_saturating(6), I1F15::MAX);
    assert_eq!(I1F15::from_i32_saturating(-1), I1F15::MIN);
    assert_eq!(I0F8::from_i32_saturating(1), I0F8::MAX);
    assert_eq!(I16F16::from_i32_saturating(i32::MIN), I16F16::MIN);
    assert_eq!(I16F16::from_i32_saturating(-32768), I16F16::MIN);
    assert_eq!(f32::from_i32_saturating(6), 6.0);
}

#[test]
fn to_f32_is_exact_for_narrow_types_and_rounds_for_wide_ones() {
    assert_eq!(I4F4::MIN.to_f32(), -8.0);
    assert_eq!(I4F4::MAX.to_f32(), 7.9375);
    assert_eq!(I1F15::DELTA.to_f32(), 1.0 / 32768.0);
    assert_eq!(I8F8::from_bits(-1).to_f32(), -1.0 / 256.0);
    // 2^31 - 1 is not an f32; it rounds to 2^31.
    assert_eq!(I16F16::MAX.to_f32(), 32768.0);
    assert_eq!(FixedI32::<fixed::types::extra::U32>::MIN.to_f32(), -0.5);
}

#[test]
fn from_f32_rounds_ties_away_from_zero_and_saturates() {
    let step = 1.0 / 16.0;
    assert_eq!(I4F4::from_f32_saturating(0.5 * step), i4f4(1));
    assert_eq!(I4F4::from_f32_saturating(-0.5 * step), i4f4(-1));
    assert_eq!(I4F4::from_f32_saturating(1.5 * step), i4f4(2));
    assert_eq!(I4F4::from_f32_saturating(-2.5 * step), i4f4(-3));
    assert_eq!(I4F4::from_f32_saturating(0.49 * step), i4f4(0));
    assert_eq!(I4F4::from_f32_saturating(7.96), I4F4::MAX);
    assert_eq!(I4F4::from_f32_saturating(-8.0), I4F4::MIN);
    assert_eq!(I4F4::from_f32_saturating(-8.04), I4F4::MIN);
    assert_eq!(I4F4::from_f32_saturating(f32::INFINITY), I4F4::MAX);
    assert_eq!(I4F4::from_f32_saturating(f32::NEG_INFINITY), I4F4::MIN);
    assert_eq!(I4F4::from_f32_saturating(f32::NAN), I4F4::ZERO);
    assert_eq!(I4F4::from_f32_saturating(-0.0), I4F4::ZERO);
    assert_eq!(I16F16::from_f32_saturating(f32::MAX), I16F16::MAX);
    assert_eq!(I16F16::from_f32_saturating(-1.5), I16F16::from_num(-1.5));
    assert_eq!(f32::from_f32_saturating(-0.1), -0.1);
}

#[test]
fn documented_fan_in_limits() {
    assert_eq!(I4F4::MAX_FAN_IN, (1 << 17) - 3);
    assert_eq!(I8F8::MAX_FAN_IN, (1 << 33) - 3);
    assert_eq!(I16F16::MAX_FAN_IN, u64::MAX);
    assert_eq!(f32::MAX_FAN_IN, u64::MAX);
}

/// Runs the worst case at the fan-in limit; debug builds check every
/// addition for overflow.
#[test]
fn worst_case_at_fan_in_limit_does_not_overflow_i8() {
    type T = I0F8; // F = 8, the largest bias shift for FixedI8
    let n = T::MAX_FAN_IN;
    let mut high = T::acc_from_bias(T::MAX);
    let mut low = T::acc_from_bias(T::MIN);
    for _ in 0..n {
        high = T::mac(high, T::MIN, T::MIN);
        low = T::mac(low, T::MIN, T::MAX);
    }
    assert_eq!(T::from_acc(high), T::MAX);
    assert_eq!(T::from_acc(low), T::MIN);
    // The documented bound is conservative by less than one product: two
    // more products (plus rounding) would overflow the i32 accumulator.
    assert!(i64::from(high) + 2 * (1 << 14) + (1 << 7) > i64::from(i32::MAX));
}

#[test]
fn worst_case_at_fan_in_limit_does_not_overflow_i16() {
    // Too many terms to loop over: check the bound in i128.
    let n = i128::from(I8F8::MAX_FAN_IN);
    let worst = |n: i128| (i128::from(i16::MAX) << 16) + n * (1 << 30) + (1 << 15);
    assert!(worst(n) <= i128::from(i64::MAX));
    // Conservative by less than one product.
    assert!(worst(n + 2) > i128::from(i64::MAX));
}

/// `acc / 2^8`, rounded to nearest with ties up, saturated to i16.
fn reference_from_acc_i8f8(acc: i64) -> i16 {
    let rounded = (i128::from(acc) + 128).div_euclid(256);
    rounded.clamp(i16::MIN.into(), i16::MAX.into()) as i16
}

proptest! {
    #[test]
    fn from_acc_matches_reference(acc in -(1i64 << 26)..(1i64 << 26)) {
        prop_assert_eq!(I8F8::from_acc(acc).to_bits(), reference_from_acc_i8f8(acc));
    }

    #[test]
    fn from_f32_matches_f64_rounding(v in -200.0f32..200.0) {
        // f64 holds v · 256 exactly, and f64::round rounds ties away from zero.
        let want = (f64::from(v) * 256.0).round().clamp(-32768.0, 32767.0) as i16;
        prop_assert_eq!(I8F8::from_f32_saturating(v).to_bits(), want);
    }

    #[test]
    fn to_f32_round_trips(raw: i16) {
        let x = I8F8::from_bits(raw);
        prop_assert_eq!(I8F8::from_f32_saturating(x.to_f32()), x);
    }
}
