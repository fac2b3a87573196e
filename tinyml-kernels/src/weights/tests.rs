//! Decoder tests: exact values, rounding ties, saturation, special floats,
//! and a property test against an `f64` reference.

extern crate std;

use std::vec::Vec;

use fixed::types::extra::{U4, U16, U32};
use fixed::types::{I1F15, I4F4, I8F8, I16F16};
use fixed::{FixedI8, FixedI16, FixedI32};
use proptest::prelude::*;

use super::*;

/// Little-endian bytes of `values`.
fn bytes(values: &[f32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

const SAMPLE: [u8; 12] = [
    0x00, 0x00, 0xc0, 0x3f, // 1.5
    0x00, 0x00, 0x00, 0x80, // -0.0
    0x00, 0x00, 0x20, 0xc1, // -10.0
];

// Evaluated at compile time, with `F` and `N` inferred from the item types.
const SAMPLE_F32: [f32; 3] = f32_le(&SAMPLE);
const SAMPLE_I4F4: [I4F4; 3] = fixed_i8_from_f32_le(&SAMPLE);
const SAMPLE_I8F8: [I8F8; 3] = fixed_i16_from_f32_le(&SAMPLE);
const SAMPLE_I16F16: [I16F16; 3] = fixed_i32_from_f32_le(&SAMPLE);

#[test]
fn decodes_at_compile_time() {
    assert_eq!(
        SAMPLE_F32.map(f32::to_bits),
        [1.5f32, -0.0, -10.0].map(f32::to_bits)
    );
    assert_eq!(SAMPLE_I4F4, [I4F4::from_num(1.5), I4F4::ZERO, I4F4::MIN]);
    assert_eq!(
        SAMPLE_I8F8,
        [I8F8::from_num(1.5), I8F8::ZERO, I8F8::from_num(-10)]
    );
    assert_eq!(
        SAMPLE_I16F16,
        [I16F16::from_num(1.5), I16F16::ZERO, I16F16::from_num(-10)]
    );
}

#[test]
fn f32_le_is_bit_exact() {
    let values = [
        0.0,
        -0.0,
        f32::MIN_POSITIVE / 4.0,
        -1e-45,
        f32::MAX,
        f32::NEG_INFINITY,
        f32::NAN,
    ];
    let decoded: [f32; 7] = f32_le(&bytes(&values));
    assert_eq!(decoded.map(f32::to_bits), values.map(f32::to_bits));
}

fn i4f4_raw(v: f32) -> i8 {
    let [x]: [I4F4; 1] = fixed_i8_from_f32_le(&bytes(&[v]));
    x.to_bits()
}

#[test]
fn ties_round_away_from_zero() {
    let step = 1.0 / 16.0;
    assert_eq!(i4f4_raw(0.5 * step), 1);
    assert_eq!(i4f4_raw(-0.5 * step), -1);
    assert_eq!(i4f4_raw(1.5 * step), 2);
    assert_eq!(i4f4_raw(-1.5 * step), -2);
    assert_eq!(i4f4_raw(2.5 * step), 3);
    assert_eq!(i4f4_raw(f32::from_bits((0.5 * step).to_bits() - 1)), 0);
    assert_eq!(i4f4_raw(f32::from_bits((-0.5 * step).to_bits() - 1)), 0);
    assert_eq!(i4f4_raw(-3.0 * step), -3);
}

#[test]
fn out_of_range_saturates() {
    assert_eq!(i4f4_raw(7.9375), 127);
    assert_eq!(i4f4_raw(7.97), 127); // rounds to 128 steps, saturates
    assert_eq!(i4f4_raw(8.0), 127);
    assert_eq!(i4f4_raw(-8.0), -128);
    assert_eq!(i4f4_raw(-8.03125), -128); // -128.5 steps rounds to -129
    assert_eq!(i4f4_raw(1e38), 127);
    assert_eq!(i4f4_raw(f32::MAX), 127);
    assert_eq!(i4f4_raw(f32::INFINITY), 127);
    assert_eq!(i4f4_raw(f32::NEG_INFINITY), -128);
    let [one, minus_one]: [I1F15; 2] = fixed_i16_from_f32_le(&bytes(&[1.0, -1.0]));
    assert_eq!((one, minus_one), (I1F15::MAX, I1F15::MIN));
    let [big]: [I16F16; 1] = fixed_i32_from_f32_le(&bytes(&[-3e38]));
    assert_eq!(big, I16F16::MIN);
}

#[test]
fn zeros_and_subnormals() {
    assert_eq!(i4f4_raw(-0.0), 0);
    assert_eq!(i4f4_raw(f32::from_bits(1)), 0); // smallest subnormal
    assert_eq!(i4f4_raw(-f32::MIN_POSITIVE / 2.0), 0);
    assert_eq!(i4f4_raw(f32::MIN_POSITIVE), 0);
    // I0F32 has the finest steps of all: still far above the subnormals.
    let decoded: [FixedI32<U32>; 3] =
        fixed_i32_from_f32_le(&bytes(&[f32::from_bits(1), 0.25, -1e-10]));
    assert_eq!(decoded.map(FixedI32::to_bits), [0, 1 << 30, 0]);
    let [tiny]: [FixedI32<U32>; 1] = fixed_i32_from_f32_le(&bytes(&[-1.5 / 4294967296.0]));
    assert_eq!(tiny.to_bits(), -2);
}

#[test]
#[should_panic(expected = "4 bytes per value")]
fn wrong_length_panics() {
    let _: [f32; 2] = f32_le(&[0; 7]);
}

#[test]
#[should_panic(expected = "NaN")]
fn nan_panics_for_fixed_point() {
    let _: [FixedI16<U16>; 1] = fixed_i16_from_f32_le(&bytes(&[f32::NAN]));
}

/// `v · 2^frac` rounded to nearest, ties away from zero (`f64::round`),
/// saturated to `bits` bits. Exact: `f64` holds every `f32 · 2^frac`.
fn reference_raw(v: f32, frac: i32, bits: u32) -> i64 {
    let max = (1i64 << (bits - 1)) - 1;
    let scaled = (f64::from(v) * 2f64.powi(frac)).round();
    scaled.clamp(-(max as f64) - 1.0, max as f64) as i64
}

proptest! {
    #[test]
    fn matches_f64_reference(bits_pattern: u32) {
        let v = f32::from_bits(bits_pattern);
        prop_assume!(!v.is_nan());
        let data = bytes(&[v]);
        let [a]: [FixedI8<U4>; 1] = fixed_i8_from_f32_le(&data);
        let [b]: [I8F8; 1] = fixed_i16_from_f32_le(&data);
        let [c]: [I16F16; 1] = fixed_i32_from_f32_le(&data);
        let [d]: [FixedI32<U32>; 1] = fixed_i32_from_f32_le(&data);
        prop_assert_eq!(i64::from(a.to_bits()), reference_raw(v, 4, 8));
        prop_assert_eq!(i64::from(b.to_bits()), reference_raw(v, 8, 16));
        prop_assert_eq!(i64::from(c.to_bits()), reference_raw(v, 16, 32));
        prop_assert_eq!(i64::from(d.to_bits()), reference_raw(v, 32, 32));
    }

    #[test]
    fn matches_f64_reference_in_range(v in -40000.0f32..40000.0) {
        let [c]: [I16F16; 1] = fixed_i32_from_f32_le(&bytes(&[v]));
        prop_assert_eq!(i64::from(c.to_bits()), reference_raw(v, 16, 32));
    }
}
