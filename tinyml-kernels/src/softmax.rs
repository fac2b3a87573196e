//! Softmax over a vector.

use crate::Element;
use crate::math::exp_f32;

/// Replaces `buf` by `softmax(buf)`: `e^(x_i - max) / Σ_j e^(x_j - max)`
/// (TensorFlow Lite `SOFTMAX` with `beta = 1` on a 1-D tensor).
///
/// Computed in `f32` like TensorFlow Lite's float reference kernel: subtract
/// the maximum (so no `exp` overflows), sum the exponentials, then
/// recompute each exponential and divide it by the sum. Recomputing instead
/// of storing the exponentials needs no scratch buffer and keeps full `f32`
/// precision for fixed-point `T`, whose values are converted with
/// [`Element::to_f32`] and whose results are rounded back with
/// [`Element::from_f32_saturating`] (to nearest, ties away from zero). For
/// `T = f32` both conversions are the identity.
///
/// An empty `buf` is left as is; a `buf` containing NaN or `+∞` yields NaN
/// for `f32`.
pub fn softmax_in_place<T: Element, const N: usize>(buf: &mut [T; N]) {
    let max = buf
        .iter()
        .fold(f32::NEG_INFINITY, |m, x| Element::max(m, x.to_f32()));
    let sum: f32 = buf.iter().map(|x| exp_f32(x.to_f32() - max)).sum();
    for x in buf.iter_mut() {
        *x = T::from_f32_saturating(exp_f32(x.to_f32() - max) / sum);
    }
}

#[cfg(test)]
mod tests;
