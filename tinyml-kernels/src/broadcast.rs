//! TFLite's broadcasting for element-wise layers of two operands, for any
//! element type: the operands' shapes are aligned at their last dimension
//! and a dimension of 1 repeats. The macro computes the [`Broadcast`] of a
//! layer at compile time from its shapes.

/// Where each output element reads its operands: the output's dimensions
/// (padded with leading 1s to four) and each operand's strides over them
/// (0 along a dimension it repeats).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Broadcast {
    /// The output's dimensions.
    pub dims: [usize; 4],
    /// The first operand's strides.
    pub lhs: [usize; 4],
    /// The second operand's strides.
    pub rhs: [usize; 4],
}

impl Broadcast {
    /// The broadcast of operands of shapes `lhs` and `rhs` (at most four
    /// dimensions each) to `out`; `None` if they do not broadcast to it.
    pub fn new(lhs: &[usize], rhs: &[usize], out: &[usize]) -> Option<Broadcast> {
        if out.len() > 4 || lhs.len() > out.len() || rhs.len() > out.len() {
            return None;
        }
        let padded = |shape: &[usize]| {
            let mut dims = [1; 4];
            dims[4 - shape.len()..].copy_from_slice(shape);
            dims
        };
        let dims = padded(out);
        let strides = |shape: &[usize]| {
            let shape = padded(shape);
            let mut strides = [0; 4];
            let mut step = 1usize;
            for i in (0..4).rev() {
                if shape[i] == dims[i] {
                    strides[i] = if shape[i] == 1 { 0 } else { step };
                } else if shape[i] != 1 {
                    return None;
                }
                step = step.checked_mul(shape[i])?;
            }
            Some(strides)
        };
        Some(Broadcast {
            dims,
            lhs: strides(lhs)?,
            rhs: strides(rhs)?,
        })
    }

    /// The largest index the strides reach into an operand, plus one.
    const fn extent(dims: [usize; 4], strides: [usize; 4]) -> usize {
        let mut end = 1;
        let mut i = 0;
        while i < 4 {
            end += (dims[i] - 1) * strides[i];
            i += 1;
        }
        end
    }
}

/// `out[i] = f(lhs[…], rhs[…])` under `shape`. Operands of the output's
/// length are zipped; a second operand that repeats along the leading
/// dimensions (a per-channel constant) is read cyclically; anything else
/// walks the strides.
///
/// # Panics
///
/// If `shape` reaches outside an operand or does not cover the output
/// (the macro derives it from the same shapes, so never in generated code).
#[inline(always)]
pub fn broadcast<T: Copy, U, const A: usize, const B: usize, const N: usize>(
    lhs: &[T; A],
    rhs: &[T; B],
    out: &mut [U; N],
    shape: &Broadcast,
    f: impl Fn(T, T) -> U,
) {
    const { assert!(A > 0 && B > 0 && N > 0, "empty operands") };
    if A == N && B == N {
        for ((out, &x), &y) in out.iter_mut().zip(lhs).zip(rhs) {
            *out = f(x, y);
        }
        return;
    }
    if A == N && N.is_multiple_of(B) && shape.rhs == contiguous_suffix(shape.dims, B) {
        for (out_row, lhs_row) in out.chunks_exact_mut(B).zip(lhs.chunks_exact(B)) {
            for ((out, &x), &y) in out_row.iter_mut().zip(lhs_row).zip(rhs) {
                *out = f(x, y);
            }
        }
        return;
    }
    let Broadcast {
        dims,
        lhs: sa,
        rhs: sb,
    } = *shape;
    assert!(
        dims.iter().product::<usize>() == N
            && Broadcast::extent(dims, sa) <= A
            && Broadcast::extent(dims, sb) <= B,
        "broadcast shape does not fit its operands"
    );
    let mut o = 0;
    for i0 in 0..dims[0] {
        for i1 in 0..dims[1] {
            for i2 in 0..dims[2] {
                let (a, b) = (
                    i0 * sa[0] + i1 * sa[1] + i2 * sa[2],
                    i0 * sb[0] + i1 * sb[1] + i2 * sb[2],
                );
                for i3 in 0..dims[3] {
                    out[o] = f(lhs[a + i3 * sa[3]], rhs[b + i3 * sb[3]]);
                    o += 1;
                }
            }
        }
    }
}

/// The strides of an operand that is the last dimensions of `dims` with
/// `len` elements, repeated over the leading ones.
fn contiguous_suffix(dims: [usize; 4], len: usize) -> [usize; 4] {
    let mut strides = [0; 4];
    let (mut step, mut left) = (1, len);
    for i in (0..4).rev() {
        if left > 1 && dims[i] > 1 {
            strides[i] = step;
            step *= dims[i];
            left /= dims[i];
        }
    }
    strides
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run<const A: usize, const B: usize, const N: usize>(
        lhs: [i32; A],
        rhs: [i32; B],
        shapes: (&[usize], &[usize], &[usize]),
    ) -> [i32; N] {
        let shape = Broadcast::new(shapes.0, shapes.1, shapes.2).expect("broadcasts");
        let mut out = [0; N];
        broadcast(&lhs, &rhs, &mut out, &shape, |x, y| 10 * x + y);
        out
    }

    #[test]
    fn per_channel_constant_repeats_over_rows() {
        let out: [i32; 6] = run([1, 2, 3, 4, 5, 6], [7, 8, 9], (&[2, 3], &[3], &[2, 3]));
        assert_eq!(out, [17, 28, 39, 47, 58, 69]);
    }

    #[test]
    fn a_column_repeats_along_the_last_axis() {
        let out: [i32; 6] = run([1, 2, 3, 4, 5, 6], [7, 8], (&[2, 3], &[2, 1], &[2, 3]));
        assert_eq!(out, [17, 27, 37, 48, 58, 68]);
    }

    #[test]
    fn both_operands_grow() {
        let out: [i32; 6] = run([1, 2], [7, 8, 9], (&[2, 1], &[1, 3], &[2, 3]));
        assert_eq!(out, [17, 18, 19, 27, 28, 29]);
        let scalar: [i32; 3] = run([1, 2, 3], [5], (&[3], &[1], &[3]));
        assert_eq!(scalar, [15, 25, 35]);
    }

    #[test]
    fn squeeze_excite_scales_each_channel_of_an_image() {
        let out: [i32; 8] = run(
            [1, 2, 3, 4, 5, 6, 7, 8],
            [1, 2],
            (&[2, 2, 2], &[1, 1, 2], &[2, 2, 2]),
        );
        assert_eq!(out, [11, 22, 31, 42, 51, 62, 71, 82]);
    }

    #[test]
    fn shapes_that_do_not_broadcast_have_none() {
        assert_eq!(Broadcast::new(&[2, 3], &[2], &[2, 3]), None);
        assert_eq!(
            Broadcast::new(&[1, 1, 1, 1, 2], &[2], &[1, 1, 1, 1, 2]),
            None
        );
    }
}
