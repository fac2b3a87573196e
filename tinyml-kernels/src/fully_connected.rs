//! Fully connected (dense) layers.

use crate::{Clamp, Element};

/// Fully connected layer (TensorFlow Lite `FULLY_CONNECTED`, Keras `Dense`).
///
/// `output[u] = clamp(from_acc((Σ_i weights[u][i] · input[i]) + bias[u]))`
/// with `weights` laid out `[UNITS][IN]`. A multi-dimensional input is
/// used flattened (row-major), as TensorFlow Lite does.
pub fn dense<T: Element, const IN: usize, const UNITS: usize, const WN: usize>(
    input: &[T; IN],
    weights: &[T; WN],
    bias: &[T; UNITS],
    output: &mut [T; UNITS],
    clamp: Clamp<T>,
) {
    const {
        assert!(IN > 0, "dense: IN must be positive");
        assert!(WN == UNITS * IN, "dense: WN must be UNITS * IN");
        assert!(
            IN as u64 <= T::MAX_FAN_IN,
            "dense: fan-in overflows the accumulator"
        );
    };
    // `BLOCK` units per pass over the input: each input value loaded once
    // feeds them all; each sum still runs over the inputs in order.
    let rows = weights.as_chunks::<IN>().0;
    let (row_blocks, row_rest) = rows.as_chunks::<BLOCK>();
    let (out_blocks, out_rest) = output.as_chunks_mut::<BLOCK>();
    let (bias_blocks, bias_rest) = bias.as_chunks::<BLOCK>();
    for ((out, rows), bias) in out_blocks.iter_mut().zip(row_blocks).zip(bias_blocks) {
        let sums = dot_products(input, rows);
        for ((out, sum), &b) in out.iter_mut().zip(sums).zip(bias) {
            *out = clamp.apply(T::from_acc(T::add_bias(sum, b)));
        }
    }
    for ((out, row), &b) in out_rest.iter_mut().zip(row_rest).zip(bias_rest) {
        let [sum] = dot_products(input, core::array::from_ref(row));
        *out = clamp.apply(T::from_acc(T::add_bias(sum, b)));
    }
}

/// Units per pass of [`dense`]: four accumulators, one input and four
/// weights stay in registers.
const BLOCK: usize = 4;

/// `Σ_i input[i] · row[i]` for each of `R` rows, in the order of `i`.
#[inline(always)]
fn dot_products<T: Element, const IN: usize, const R: usize>(
    input: &[T; IN],
    rows: &[[T; IN]; R],
) -> [T::Acc; R] {
    let mut acc = [T::mac_zero(); R];
    for (i, &x) in input.iter().enumerate() {
        for (acc, row) in acc.iter_mut().zip(rows) {
            if let Some(&w) = row.get(i) {
                *acc = T::mac(*acc, x, w);
            }
        }
    }
    acc
}

#[cfg(test)]
mod tests;
