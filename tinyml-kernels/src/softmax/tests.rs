//! Softmax against an `f64` reference.

extern crate std;

use std::vec::Vec;

use proptest::prelude::*;

use super::softmax_in_place;
use crate::Element;
use crate::testing::{I4F4, I8F8, I16F16, Reference, arr, check_random};

/// Softmax of `x` in `f64` with `std`'s `exp`.
fn reference(x: &[f64]) -> Vec<f64> {
    let max = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let exps: Vec<f64> = x.iter().map(|v| (v - max).exp()).collect();
    let sum: f64 = exps.iter().sum();
    exps.iter().map(|e| e / sum).collect()
}

/// Checks `softmax_in_place` on `input` (as `T`) to within `tolerance`
/// absolute of the reference applied to the same (converted) values.
fn check<T: Element + core::fmt::Debug, const N: usize>(
    input: &[T],
    tolerance: f64,
) -> Result<(), TestCaseError> {
    let mut buf = *arr::<T, N>(input);
    softmax_in_place(&mut buf);
    let want = reference(
        &input
            .iter()
            .map(|x| f64::from(x.to_f32()))
            .collect::<Vec<_>>(),
    );
    for (i, (got, want)) in buf.iter().zip(want).enumerate() {
        let got = f64::from(got.to_f32());
        prop_assert!(
            (got - want).abs() <= tolerance,
            "output {i}: got {got}, want {want}"
        );
    }
    Ok(())
}

#[test]
fn f32_matches_reference_within_1e_6() {
    let values = proptest::collection::vec(-20.0f32..20.0, 10);
    check_random(values, |x| check::<f32, 10>(&x, 1e-6));
}

#[test]
fn f32_handles_large_logits_without_overflow() {
    check::<f32, 4>(&[100.0, 101.0, -300.0, 99.5], 1e-6).unwrap();
    let mut one = [1234.5f32];
    softmax_in_place(&mut one);
    assert_eq!(one, [1.0]);
}

/// Fixed point: the `f32` result rounded to nearest, so within half a
/// step of `2^-frac`, plus the `f32` error.
fn check_fixed<T: Reference>(frac: i32) {
    let tolerance = 2f64.powi(-frac - 1) + 1e-6;
    check_random(T::values(10), |x| check::<T, 10>(&x, tolerance));
}

#[test]
fn fixed_matches_reference_within_half_a_step() {
    check_fixed::<I4F4>(4);
    check_fixed::<I8F8>(8);
    check_fixed::<I16F16>(16);
}
