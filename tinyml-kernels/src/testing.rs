//! Test support: TensorFlow Lite padding arithmetic, reference arithmetic
//! per element type, and random data.
//!
//! The kernel tests compare each kernel with a naive reference computed
//! here in wider arithmetic: `f64` for `f32` (compared with a relative
//! tolerance), exact `i128` raw values for fixed point (compared exactly
//! after applying the documented rounding, written independently of
//! `Element`).

extern crate std;

use core::fmt::Debug;
use core::ops::Add;
use std::format;
use std::string::String;
use std::vec::Vec;

use fixed::types::extra::{LeEqU8, LeEqU16, LeEqU32};
use fixed::{FixedI8, FixedI16, FixedI32};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::{Clamp, Element};

/// The element types every kernel is tested with.
pub(crate) type I4F4 = fixed::types::I4F4;
pub(crate) type I8F8 = fixed::types::I8F8;
pub(crate) type I16F16 = fixed::types::I16F16;

/// TensorFlow Lite's padding schemes.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Padding {
    Same,
    Valid,
}

/// Output length along one axis (TensorFlow Lite's formula).
pub(crate) const fn out_len(padding: Padding, input: usize, kernel: usize, stride: usize) -> usize {
    match padding {
        Padding::Same => input.div_ceil(stride),
        Padding::Valid => (input - kernel) / stride + 1,
    }
}

/// Padding `(before, after)` along one axis (TensorFlow Lite's formula: the
/// odd position goes after).
pub(crate) const fn pad(
    padding: Padding,
    input: usize,
    kernel: usize,
    stride: usize,
) -> (usize, usize) {
    let out = out_len(padding, input, kernel, stride);
    let needed = (out - 1) * stride + kernel;
    let total = needed.saturating_sub(input);
    match padding {
        Padding::Same => (total / 2, total - total / 2),
        Padding::Valid => (0, 0),
    }
}

/// Runs `test` on 64 random values of `strategy`, panicking with the
/// minimal failing value.
pub(crate) fn check_random<S: Strategy>(
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    let config = Config {
        cases: 64,
        failure_persistence: None,
        ..Config::default()
    };
    if let Err(e) = TestRunner::new(config).run(&strategy, test) {
        panic!("{e}");
    }
}

/// The slice `v` as an array reference.
pub(crate) fn arr<T, const N: usize>(v: &[T]) -> &[T; N] {
    v.try_into().expect("strategy produced a wrong length")
}

/// The activations the kernels are tested with.
pub(crate) fn clamps<T: Reference>() -> impl Strategy<Value = Clamp<T>> {
    prop_oneof![
        Just(Clamp::none()),
        Just(Clamp::relu()),
        Just(Clamp::relu6())
    ]
}

/// Reference arithmetic for one element type.
pub(crate) trait Reference: Element + Debug {
    /// Unrounded number of the reference: `f64` for `f32`, the exact raw
    /// `i128` for fixed point.
    type Wide: Copy + Debug + Default + Add<Output = Self::Wide>;
    /// Expected output: `f64` for `f32`, `Self` for fixed point.
    type Want: Copy + Debug;

    /// Random vectors of `len` values.
    fn values(len: usize) -> BoxedStrategy<Vec<Self>>;
    /// `x`, in the values' scale.
    fn wide(x: Self) -> Self::Wide;
    /// `a · b`, in the product scale (`2F` fractional bits for fixed).
    fn wide_product(a: Self, b: Self) -> Self::Wide;
    /// `b`, in the product scale.
    fn wide_bias(b: Self) -> Self::Wide;
    /// `|w|` as `f64`, for the `f32` tolerance.
    fn magnitude(w: Self::Wide) -> f64;
    /// A product-scale sum finished to an output, then clamped.
    fn finish_products(sum: Self::Wide, clamp: Clamp<Self>) -> Self::Want;
    /// A value-scale sum divided by `count`, then clamped.
    fn finish_mean(sum: Self::Wide, count: usize, clamp: Clamp<Self>) -> Self::Want;
    /// `x` unchanged, as an expected output, then clamped.
    fn exact(x: Self, clamp: Clamp<Self>) -> Self::Want;
    /// Whether `got` matches `want`; `magnitude` bounds the sum of absolute
    /// values of the terms that made `want`.
    fn check(got: Self, want: Self::Want, magnitude: f64) -> Result<(), String>;
}

/// Compares every output with its reference `(want, magnitude)`.
pub(crate) fn compare<T: Reference>(
    got: &[T],
    want: &[(T::Want, f64)],
) -> Result<(), TestCaseError> {
    prop_assert_eq!(got.len(), want.len());
    for (i, (&g, &(w, m))) in got.iter().zip(want).enumerate() {
        T::check(g, w, m).map_err(|e| TestCaseError::fail(format!("output {i}: {e}")))?;
    }
    Ok(())
}

impl Reference for f32 {
    type Wide = f64;
    type Want = f64;

    fn values(len: usize) -> BoxedStrategy<Vec<Self>> {
        proptest::collection::vec(-2.0f32..2.0, len).boxed()
    }
    fn wide(x: Self) -> f64 {
        f64::from(x)
    }
    fn wide_product(a: Self, b: Self) -> f64 {
        f64::from(a) * f64::from(b)
    }
    fn wide_bias(b: Self) -> f64 {
        f64::from(b)
    }
    fn magnitude(w: f64) -> f64 {
        w.abs()
    }
    fn finish_products(sum: f64, clamp: Clamp<Self>) -> f64 {
        sum.max(clamp.min.into()).min(clamp.max.into())
    }
    fn finish_mean(sum: f64, count: usize, clamp: Clamp<Self>) -> f64 {
        Self::finish_products(sum / count as f64, clamp)
    }
    fn exact(x: Self, clamp: Clamp<Self>) -> f64 {
        Self::finish_products(x.into(), clamp)
    }
    fn check(got: Self, want: f64, magnitude: f64) -> Result<(), String> {
        let tolerance = 1e-5 * magnitude;
        if (f64::from(got) - want).abs() <= tolerance || f64::from(got) == want {
            Ok(())
        } else {
            Err(format!("got {got}, want {want} ± {tolerance}"))
        }
    }
}

/// Rounds `x / 2^shift` to nearest, ties toward +∞, written as a floor
/// division of `x + 2^shift / 2`.
fn round_half_up_shift(x: i128, shift: u32) -> i128 {
    let step = 1i128 << shift;
    (x + step / 2).div_euclid(step)
}

/// Rounds `sum / count` to nearest, ties away from zero: rounds the
/// magnitude half up, then restores the sign.
fn round_half_away_div(sum: i128, count: i128) -> i128 {
    let magnitude = (2 * sum.abs() + count) / (2 * count);
    if sum < 0 { -magnitude } else { magnitude }
}

macro_rules! fixed_reference {
    ($Fixed:ident, $LeEqU:ident, $Raw:ty) => {
        impl<F: $LeEqU> Reference for $Fixed<F> {
            type Wide = i128;
            type Want = Self;

            fn values(len: usize) -> BoxedStrategy<Vec<Self>> {
                // Shifting full-range raw values right spreads the cases over
                // saturating and small magnitudes.
                (0..<$Raw>::BITS)
                    .prop_flat_map(move |shift| {
                        proptest::collection::vec(
                            any::<$Raw>().prop_map(move |r| Self::from_bits(r >> shift)),
                            len,
                        )
                    })
                    .boxed()
            }
            fn wide(x: Self) -> i128 {
                x.to_bits().into()
            }
            fn wide_product(a: Self, b: Self) -> i128 {
                i128::from(a.to_bits()) * i128::from(b.to_bits())
            }
            fn wide_bias(b: Self) -> i128 {
                i128::from(b.to_bits()) * (1i128 << Self::FRAC_NBITS)
            }
            fn magnitude(w: i128) -> f64 {
                w.abs() as f64
            }
            fn finish_products(sum: i128, clamp: Clamp<Self>) -> Self {
                saturate_and_clamp(round_half_up_shift(sum, Self::FRAC_NBITS), clamp)
            }
            fn finish_mean(sum: i128, count: usize, clamp: Clamp<Self>) -> Self {
                saturate_and_clamp(round_half_away_div(sum, count as i128), clamp)
            }
            fn exact(x: Self, clamp: Clamp<Self>) -> Self {
                saturate_and_clamp(x.to_bits().into(), clamp)
            }
            fn check(got: Self, want: Self, _magnitude: f64) -> Result<(), String> {
                if got == want {
                    Ok(())
                } else {
                    Err(format!("got {got:?}, want {want:?}"))
                }
            }
        }

        impl<F: $LeEqU> Saturate for $Fixed<F> {
            fn from_wide_raw(raw: i128) -> Self {
                let lo = i128::from(<$Raw>::MIN);
                let hi = i128::from(<$Raw>::MAX);
                let raw = if raw < lo {
                    lo
                } else if raw > hi {
                    hi
                } else {
                    raw
                };
                Self::from_bits(raw as $Raw)
            }
        }
    };
}

/// Builds a fixed-point value from a wide raw integer, saturating.
trait Saturate: Sized {
    fn from_wide_raw(raw: i128) -> Self;
}

/// Saturates `raw` to `T`'s range, then applies `clamp` by comparison.
fn saturate_and_clamp<T: Saturate + PartialOrd + Copy>(raw: i128, clamp: Clamp<T>) -> T {
    let x = T::from_wide_raw(raw);
    let x = if x < clamp.min { clamp.min } else { x };
    if x > clamp.max { clamp.max } else { x }
}

fixed_reference!(FixedI8, LeEqU8, i8);
fixed_reference!(FixedI16, LeEqU16, i16);
fixed_reference!(FixedI32, LeEqU32, i32);

#[test]
fn tflite_padding_formulas() {
    // same, 5 inputs, k 3, s 2: 3 outputs, pad 1 + 1
    assert_eq!(out_len(Padding::Same, 5, 3, 2), 3);
    assert_eq!(pad(Padding::Same, 5, 3, 2), (1, 1));
    // same, 6 inputs, k 3, s 2: 3 outputs, pad 0 + 1 (odd total: extra after)
    assert_eq!(pad(Padding::Same, 6, 3, 2), (0, 1));
    // same, 4 inputs, k 4, s 1: pad 1 + 2
    assert_eq!(pad(Padding::Same, 4, 4, 1), (1, 2));
    assert_eq!(out_len(Padding::Valid, 7, 3, 2), 3);
    assert_eq!(pad(Padding::Valid, 7, 3, 2), (0, 0));
}
