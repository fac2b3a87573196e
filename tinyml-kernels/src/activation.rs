//! Activation functions that are clamps: none, ReLU, ReLU6.
//!
//! Kernels apply a fused [`Clamp`] to each output as they write it;
//! [`clamp_in_place`] applies one to a whole buffer for a standalone
//! activation layer.

use crate::Element;

/// Clamps a value to `min..=max`; the fused activation of a kernel.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Clamp<T> {
    /// Lower bound, inclusive.
    pub min: T,
    /// Upper bound, inclusive.
    pub max: T,
}

impl<T: Element> Clamp<T> {
    /// No activation: clamps to the whole range of `T` (a no-op).
    pub fn none() -> Self {
        Self {
            min: T::LOWEST,
            max: T::HIGHEST,
        }
    }

    /// ReLU: clamps to `0..`.
    pub fn relu() -> Self {
        Self {
            min: T::ZERO,
            max: T::HIGHEST,
        }
    }

    /// ReLU6: clamps to `0..=6` (to `T::MAX` if 6 does not fit in `T`).
    pub fn relu6() -> Self {
        Self {
            min: T::ZERO,
            max: T::from_i32_saturating(6),
        }
    }

    /// Clamps one value, as [`Element::clamp_to`] does.
    #[inline(always)]
    pub fn apply(self, x: T) -> T {
        x.clamp_to(self.min, self.max)
    }
}

/// Applies `clamp` to every element of `buf`.
pub fn clamp_in_place<T: Element, const N: usize>(buf: &mut [T; N], clamp: Clamp<T>) {
    for x in buf.iter_mut() {
        *x = clamp.apply(*x);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fixed::types::{I1F15, I4F4};

    #[test]
    fn relu6_saturates_when_six_does_not_fit() {
        assert_eq!(Clamp::<I1F15>::relu6().max, I1F15::MAX);
        assert_eq!(Clamp::<I4F4>::relu6().max, I4F4::from_num(6));
        assert_eq!(Clamp::<f32>::relu6().max, 6.0);
    }

    #[test]
    fn clamp_in_place_applies_relu6() {
        let mut buf = [-1.0f32, 0.5, 7.0, f32::INFINITY];
        clamp_in_place(&mut buf, Clamp::relu6());
        assert_eq!(buf, [0.0, 0.5, 6.0, 6.0]);
        let mut buf = [-1.0f32, f32::NEG_INFINITY, 1e30];
        clamp_in_place(&mut buf, Clamp::none());
        assert_eq!(buf, [-1.0, f32::NEG_INFINITY, 1e30]);
        clamp_in_place(&mut buf, Clamp::relu());
        assert_eq!(buf, [0.0, 0.0, 1e30]);
    }

    #[test]
    fn clamp_in_place_on_fixed() {
        let mut buf = [
            I4F4::MIN,
            I4F4::from_num(-0.5),
            I4F4::from_num(6.5),
            I4F4::MAX,
        ];
        clamp_in_place(&mut buf, Clamp::relu6());
        assert_eq!(
            buf,
            [I4F4::ZERO, I4F4::ZERO, I4F4::from_num(6), I4F4::from_num(6)]
        );
    }
}
