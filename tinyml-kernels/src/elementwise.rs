//! Element-wise operations on two tensors of the same shape.

use crate::{Clamp, Element};

/// `output[i] = clamp(lhs[i] + rhs[i])`, saturating for fixed-point types
/// (the sum goes through the accumulator, so only the final value saturates).
pub fn add<T: Element, const N: usize>(
    lhs: &[T; N],
    rhs: &[T; N],
    output: &mut [T; N],
    clamp: Clamp<T>,
) {
    for ((out, &a), &b) in output.iter_mut().zip(lhs).zip(rhs) {
        let sum = T::sum_add(T::sum_add(T::sum_zero(), a), b);
        *out = clamp.apply(T::mean(sum, 1));
    }
}

#[cfg(test)]
mod tests {
    use fixed::types::I4F4;

    use super::*;

    #[test]
    fn adds_and_clamps_f32() {
        let mut out = [0.0f32; 3];
        add(
            &[1.0, -2.0, 3.5],
            &[0.5, 1.0, 3.0],
            &mut out,
            Clamp::relu6(),
        );
        assert_eq!(out, [1.5, 0.0, 6.0]);
    }

    #[test]
    fn saturates_fixed() {
        let mut out = [I4F4::ZERO; 2];
        let big = I4F4::from_num(7);
        add(&[big, -big], &[big, -big], &mut out, Clamp::none());
        assert_eq!(out, [I4F4::MAX, I4F4::MIN]);
    }
}
