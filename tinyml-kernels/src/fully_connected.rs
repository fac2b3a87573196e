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
    for ((out, row), &b) in output.iter_mut().zip(weights.chunks_exact(IN)).zip(bias) {
        let mut acc = T::mac_zero();
        for (&x, &w) in input.iter().zip(row) {
            acc = T::mac(acc, x, w);
        }
        *out = clamp.apply(T::from_acc(T::add_bias(acc, b)));
    }
}

#[cfg(test)]
mod tests;
