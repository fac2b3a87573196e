//! Element-wise layers of two operands (`f32` and fixed point), with
//! TFLite's broadcasting ([`crate::broadcast`]). Fixed point computes in the
//! accumulator and saturates once, at the end.

use crate::broadcast::{Broadcast, broadcast};
use crate::{Clamp, Element};

/// `output = clamp(lhs + rhs)`.
pub fn add<T: Element, const A: usize, const B: usize, const N: usize>(
    lhs: &[T; A],
    rhs: &[T; B],
    output: &mut [T; N],
    shape: &Broadcast,
    clamp: Clamp<T>,
) {
    broadcast(lhs, rhs, output, shape, |a, b| {
        clamp.apply(T::mean(T::sum_add(T::sum_add(T::sum_zero(), a), b), 1))
    });
}

/// `output = clamp(lhs − rhs)`.
pub fn sub<T: Element, const A: usize, const B: usize, const N: usize>(
    lhs: &[T; A],
    rhs: &[T; B],
    output: &mut [T; N],
    shape: &Broadcast,
    clamp: Clamp<T>,
) {
    broadcast(lhs, rhs, output, shape, |a, b| {
        clamp.apply(T::mean(T::sum_sub(T::sum_add(T::sum_zero(), a), b), 1))
    });
}

/// `output = clamp(lhs · rhs)`, rounded as a multiply-accumulate is.
pub fn mul<T: Element, const A: usize, const B: usize, const N: usize>(
    lhs: &[T; A],
    rhs: &[T; B],
    output: &mut [T; N],
    shape: &Broadcast,
    clamp: Clamp<T>,
) {
    broadcast(lhs, rhs, output, shape, |a, b| {
        clamp.apply(T::from_acc(T::mac(T::mac_zero(), a, b)))
    });
}

/// `output = max(lhs, rhs)`: `rhs` where it is greater, else `lhs` (C++'s
/// `std::max(lhs, rhs)`, as TFLite's MAXIMUM). For `i8` too: TFLM compares
/// the raw values, the operands sharing the output's quantization.
pub fn maximum<T: Copy + PartialOrd, const A: usize, const B: usize, const N: usize>(
    lhs: &[T; A],
    rhs: &[T; B],
    output: &mut [T; N],
    shape: &Broadcast,
) {
    broadcast(lhs, rhs, output, shape, |a, b| if b > a { b } else { a });
}

/// `output = min(lhs, rhs)`: `rhs` where it is smaller, else `lhs`.
pub fn minimum<T: Copy + PartialOrd, const A: usize, const B: usize, const N: usize>(
    lhs: &[T; A],
    rhs: &[T; B],
    output: &mut [T; N],
    shape: &Broadcast,
) {
    broadcast(lhs, rhs, output, shape, |a, b| if b < a { b } else { a });
}

#[cfg(test)]
mod tests {
    use fixed::types::I4F4;

    use super::*;

    fn same(n: usize) -> Broadcast {
        Broadcast::new(&[n], &[n], &[n]).unwrap()
    }

    #[test]
    fn adds_and_clamps_f32() {
        let mut out = [0.0f32; 3];
        add(
            &[1.0, -2.0, 3.5],
            &[0.5, 1.0, 3.0],
            &mut out,
            &same(3),
            Clamp::relu6(),
        );
        assert_eq!(out, [1.5, 0.0, 6.0]);
    }

    #[test]
    fn subtracts_and_multiplies_per_channel() {
        let per_channel = Broadcast::new(&[2, 2], &[2], &[2, 2]).unwrap();
        let mut out = [0.0f32; 4];
        sub(
            &[1.0, 2.0, 3.0, 4.0],
            &[0.5, 1.0],
            &mut out,
            &per_channel,
            Clamp::none(),
        );
        assert_eq!(out, [0.5, 1.0, 2.5, 3.0]);
        mul(
            &[1.0, 2.0, 3.0, 4.0],
            &[0.5, -1.0],
            &mut out,
            &per_channel,
            Clamp::none(),
        );
        assert_eq!(out, [0.5, -2.0, 1.5, -4.0]);
        maximum(
            &[1.0, 2.0, 3.0, 4.0],
            &[2.5],
            &mut out,
            &Broadcast::new(&[4], &[1], &[4]).unwrap(),
        );
        assert_eq!(out, [2.5, 2.5, 3.0, 4.0]);
        minimum(
            &[1.0, 2.0, 3.0, 4.0],
            &[2.5],
            &mut out,
            &Broadcast::new(&[4], &[1], &[4]).unwrap(),
        );
        assert_eq!(out, [1.0, 2.0, 2.5, 2.5]);
    }

    #[test]
    fn saturates_fixed() {
        let mut out = [I4F4::ZERO; 2];
        let (big, small) = (I4F4::from_num(7), I4F4::from_num(-7));
        add(
            &[big, big],
            &[big, I4F4::ZERO],
            &mut out,
            &same(2),
            Clamp::none(),
        );
        assert_eq!(out, [I4F4::MAX, big]);
        sub(
            &[small, big],
            &[big, small],
            &mut out,
            &same(2),
            Clamp::none(),
        );
        assert_eq!(out, [I4F4::MIN, I4F4::MAX]);
        mul(
            &[big, I4F4::from_num(0.5)],
            &[big, I4F4::from_num(-3)],
            &mut out,
            &same(2),
            Clamp::none(),
        );
        assert_eq!(out, [I4F4::MAX, I4F4::from_num(-1.5)]);
    }
}
