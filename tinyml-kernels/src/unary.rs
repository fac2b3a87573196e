//! Element-wise activations that are not clamps: sigmoid, tanh, leaky ReLU
//! and hard swish, in place, for `f32` and fixed point.
//!
//! Each value is computed in `f32`, as TensorFlow Lite's float reference
//! kernels compute it, as the fixed-point softmax does: a fixed-point value
//! is converted with [`Element::to_f32`] (exact for up to 24 significant
//! bits) and the result rounded back with [`Element::from_f32_saturating`]
//! (to nearest, saturating). So a fixed-point result is the `f32` result
//! rounded once more, not a fixed-point algorithm; for `T = f32` both
//! conversions are the identity.

use crate::Element;
use crate::math::{sigmoid_f32, tanh_f32};

/// Applies `f` to every element of `buf` in `f32`.
#[inline(always)]
fn map_in_place<T: Element, const N: usize>(buf: &mut [T; N], f: impl Fn(f32) -> f32) {
    for x in buf.iter_mut() {
        *x = T::from_f32_saturating(f(x.to_f32()));
    }
}

/// `1 / (1 + e^−x)` ([`sigmoid_f32`]).
pub fn sigmoid_in_place<T: Element, const N: usize>(buf: &mut [T; N]) {
    map_in_place(buf, sigmoid_f32);
}

/// `tanh x` ([`tanh_f32`]).
pub fn tanh_in_place<T: Element, const N: usize>(buf: &mut [T; N]) {
    map_in_place(buf, tanh_f32);
}

/// `x` if `x > 0`, else `alpha · x` (TFLite's LEAKY_RELU).
pub fn leaky_relu_in_place<T: Element, const N: usize>(buf: &mut [T; N], alpha: f32) {
    map_in_place(buf, |x| if x > 0.0 { x } else { x * alpha });
}

/// `x · min(6, max(0, x + 3)) / 6` (TFLite's HARD_SWISH, in that order of
/// operations).
pub fn hard_swish_in_place<T: Element, const N: usize>(buf: &mut [T; N]) {
    map_in_place(buf, |x| x * (x + 3.0).clamp(0.0, 6.0) / 6.0);
}

#[cfg(test)]
mod tests {
    extern crate std;

    use fixed::types::{I4F4, I16F16};

    use super::*;

    /// Within `ulps` units in the last place of `want`.
    fn close(got: &[f32], want: &[f64], ulps: f32) -> bool {
        got.iter()
            .zip(want)
            .all(|(&g, &w)| (f64::from(g) - w).abs() <= f64::from(ulps * f32::EPSILON) * w.abs())
    }

    #[test]
    fn f32_values() {
        let mut buf = [-2.0f32, 0.0, 2.0];
        sigmoid_in_place(&mut buf);
        let logistic = |x: f64| 1.0 / (1.0 + (-x).exp());
        assert!(
            close(&buf, &[logistic(-2.0), 0.5, logistic(2.0)], 2.0),
            "{buf:?}"
        );
        let mut buf = [-1.0f32, 0.0, 0.5];
        tanh_in_place(&mut buf);
        assert!(
            close(&buf, &[-(1.0f64.tanh()), 0.0, 0.5f64.tanh()], 2.0),
            "{buf:?}"
        );
        let mut buf = [-2.0f32, -0.0, 3.0];
        leaky_relu_in_place(&mut buf, 0.25);
        assert_eq!(buf, [-0.5, -0.0, 3.0]);
        let mut buf = [-4.0f32, -1.5, 0.0, 1.0, 3.0, 5.0];
        hard_swish_in_place(&mut buf);
        assert_eq!(buf, [-0.0, -0.375, 0.0, 4.0 / 6.0, 3.0, 5.0]);
    }

    #[test]
    fn fixed_point_rounds_the_f32_result_and_saturates() {
        let mut buf = [I16F16::from_num(-1), I16F16::ZERO, I16F16::from_num(20)];
        sigmoid_in_place(&mut buf);
        assert_eq!(
            buf,
            [
                I16F16::from_num(0.268_941_4f32),
                I16F16::from_num(0.5),
                I16F16::ONE
            ]
        );
        // I4F4 holds −8..7.9375: 7 · (7 + 3 → 6) / 6 = 7, and 7.9375 stays.
        let mut buf = [I4F4::from_num(7), I4F4::MAX, I4F4::from_num(-0.5)];
        hard_swish_in_place(&mut buf);
        assert_eq!(buf, [I4F4::from_num(7), I4F4::MAX, I4F4::from_num(-0.1875)]);
        let mut buf = [I4F4::MIN];
        leaky_relu_in_place(&mut buf, 2.0);
        assert_eq!(buf, [I4F4::MIN]);
    }
}
