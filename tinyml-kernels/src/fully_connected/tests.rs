//! Property tests of `dense` against a naive reference.

extern crate std;

use std::vec::Vec;

use super::dense;
use crate::Clamp;
use crate::testing::{I4F4, I8F8, I16F16, Reference, arr, check_random, clamps, compare};
use proptest::prop_assert_eq;

/// `bias[u] + Σ_i weights[u * n + i] · input[i]` for each unit `u`.
fn reference<T: Reference>(
    input: &[T],
    weights: &[T],
    bias: &[T],
    clamp: Clamp<T>,
) -> Vec<(T::Want, f64)> {
    let n = input.len();
    (0..bias.len())
        .map(|u| {
            let mut sum = T::wide_bias(bias[u]);
            let mut magnitude = T::magnitude(sum);
            for i in 0..n {
                let product = T::wide_product(input[i], weights[u * n + i]);
                sum = sum + product;
                magnitude += T::magnitude(product);
            }
            (T::finish_products(sum, clamp), magnitude)
        })
        .collect()
}

macro_rules! dense_cases {
    ($($name:ident: in $in:expr, units $units:expr;)*) => {$(
        mod $name {
            use super::*;

            const IN: usize = $in;
            const UNITS: usize = $units;

            fn run<T: Reference>() {
                const WN: usize = IN * UNITS;
                let data = (T::values(IN), T::values(WN), T::values(UNITS), clamps::<T>());
                check_random(data, |(input, weights, bias, clamp)| {
                    let mut got = [T::default(); UNITS];
                    dense::<T, IN, UNITS, WN>(arr(&input), arr(&weights), arr(&bias), &mut got, clamp);
                    compare(&got, &reference(&input, &weights, &bias, clamp))
                });
            }

            /// Bit for bit a one-unit-at-a-time f32 loop (inputs in order,
            /// the bias last), whatever the blocking.
            #[test]
            fn f32_bits() {
                const WN: usize = IN * UNITS;
                let data = (f32::values(IN), f32::values(WN), f32::values(UNITS), clamps::<f32>());
                check_random(data, |(input, weights, bias, clamp)| {
                    let mut got = [0.0f32; UNITS];
                    dense::<f32, IN, UNITS, WN>(arr(&input), arr(&weights), arr(&bias), &mut got, clamp);
                    let want: Vec<u32> = weights
                        .chunks(IN)
                        .zip(&bias)
                        .map(|(row, &b)| {
                            let sum = input.iter().zip(row).fold(0.0f32, |acc, (&x, &w)| acc + x * w);
                            clamp.apply(sum + b).to_bits()
                        })
                        .collect();
                    prop_assert_eq!(got.map(f32::to_bits).to_vec(), want);
                    Ok(())
                });
            }

            #[test] fn f32() { run::<f32>() }
            #[test] fn i4f4() { run::<I4F4>() }
            #[test] fn i8f8() { run::<I8F8>() }
            #[test] fn i16f16() { run::<I16F16>() }
        }
    )*};
}

dense_cases! {
    one_by_one: in 1, units 1;
    single_unit: in 17, units 1;
    wide: in 64, units 10;
    narrow: in 3, units 7;
}
