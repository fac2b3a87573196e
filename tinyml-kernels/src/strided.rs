//! Strided copies for any element type (in `i8` too: TFLM's SLICE,
//! STRIDED_SLICE and TRANSPOSE copy bytes): the output, in order, walks
//! the input with one stride per output dimension. `slice` steps through
//! a box of the input; `transpose` walks it in another dimension order.
//! The macro computes the [`Strided`] of a layer at compile time from its
//! shapes.

/// How many dimensions a walk has (leading ones padded with 1).
pub const RANK: usize = 4;

/// Where each output element reads its input: from `start`, the output's
/// dimensions with the input stride of each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Strided {
    /// The input index of the first output element.
    pub start: usize,
    /// The output's dimensions.
    pub dims: [usize; RANK],
    /// The input stride along each output dimension.
    pub strides: [usize; RANK],
}

/// The row-major strides of `shape`.
fn row_major(shape: &[usize]) -> Option<[usize; RANK]> {
    let mut strides = [0; RANK];
    let mut step = 1usize;
    for (stride, &dim) in strides[..shape.len()].iter_mut().zip(shape).rev() {
        *stride = step;
        step = step.checked_mul(dim)?;
    }
    Some(strides)
}

impl Strided {
    /// The walk of a slice of `input` taking, per dimension, `count`
    /// positions from `begin` every `stride` (`ranges` as the spec's
    /// `Slice::ranges` gives them); `None` past [`RANK`] dimensions or
    /// outside the input.
    pub fn slice(input: &[usize], ranges: &[(usize, usize, usize)]) -> Option<Strided> {
        if input.len() > RANK || ranges.len() != input.len() {
            return None;
        }
        let steps = row_major(input)?;
        let (mut start, mut dims, mut strides) = (0, [1; RANK], [0; RANK]);
        let at = RANK - input.len();
        for (axis, &(begin, stride, count)) in ranges.iter().enumerate() {
            let last = begin.checked_add((count.checked_sub(1)?).checked_mul(stride)?)?;
            if last >= input[axis] {
                return None;
            }
            start += begin * steps[axis];
            dims[at + axis] = count;
            strides[at + axis] = stride * steps[axis];
        }
        Some(Strided {
            start,
            dims,
            strides,
        })
    }

    /// The walk of `input` with its dimensions in the order `perm` (output
    /// dimension `i` is input dimension `perm[i]`); `None` unless `perm` is
    /// a permutation of at most [`RANK`] dimensions.
    pub fn transpose(input: &[usize], perm: &[usize]) -> Option<Strided> {
        let rank = input.len();
        if rank > RANK || perm.len() != rank || (0..rank).any(|d| !perm.contains(&d)) {
            return None;
        }
        let steps = row_major(input)?;
        let (mut dims, mut strides) = ([1; RANK], [0; RANK]);
        let at = RANK - rank;
        for (i, &p) in perm.iter().enumerate() {
            dims[at + i] = input[p];
            strides[at + i] = steps[p];
        }
        Some(Strided {
            start: 0,
            dims,
            strides,
        })
    }

    /// The largest input index the walk reads, plus one.
    const fn extent(&self) -> usize {
        let mut end = self.start + 1;
        let mut i = 0;
        while i < RANK {
            end += (self.dims[i] - 1) * self.strides[i];
            i += 1;
        }
        end
    }

    const fn len(&self) -> usize {
        self.dims[0] * self.dims[1] * self.dims[2] * self.dims[3]
    }
}

/// `out` in order is `src` read along `walk`.
///
/// # Panics
///
/// If `walk` reaches outside `src` or does not cover `out` (the macro
/// derives it from the same shapes, so never in generated code).
#[inline(always)]
pub fn copy_strided<T: Copy, const N: usize, const OUT: usize>(
    src: &[T; N],
    out: &mut [T; OUT],
    walk: &Strided,
) {
    const { assert!(N > 0 && OUT > 0, "empty tensors") };
    assert!(
        walk.len() == OUT && walk.extent() <= N,
        "strided walk does not fit its tensors"
    );
    let Strided {
        start,
        dims,
        strides: s,
    } = *walk;
    let mut o = 0;
    for i0 in 0..dims[0] {
        for i1 in 0..dims[1] {
            for i2 in 0..dims[2] {
                let row = start + i0 * s[0] + i1 * s[1] + i2 * s[2];
                if s[3] == 1 {
                    // A contiguous innermost run: one slice copy.
                    out[o..o + dims[3]].copy_from_slice(&src[row..row + dims[3]]);
                    o += dims[3];
                } else {
                    for i3 in 0..dims[3] {
                        out[o] = src[row + i3 * s[3]];
                        o += 1;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_a_box_with_strides() {
        // [3, 4]: rows 1..3, every second column from 1.
        let src: [u8; 12] = core::array::from_fn(|i| i as u8);
        let walk = Strided::slice(&[3, 4], &[(1, 1, 2), (1, 2, 2)]).unwrap();
        let mut out = [0u8; 4];
        copy_strided(&src, &mut out, &walk);
        assert_eq!(out, [5, 7, 9, 11]);
        // Cropping steps 1..3 of [4, 2]: contiguous rows.
        let walk = Strided::slice(&[4, 2], &[(1, 1, 2), (0, 1, 2)]).unwrap();
        let mut out = [0u8; 4];
        let src: &[u8; 8] = src[..8].try_into().unwrap();
        copy_strided(src, &mut out, &walk);
        assert_eq!(out, [2, 3, 4, 5]);
        assert_eq!(Strided::slice(&[4], &[(2, 2, 2)]), None);
        assert_eq!(Strided::slice(&[1, 1, 1, 1, 1], &[(0, 1, 1); 5]), None);
    }

    #[test]
    fn transposes() {
        // [2, 3] → [3, 2].
        let src = [1u8, 2, 3, 4, 5, 6];
        let walk = Strided::transpose(&[2, 3], &[1, 0]).unwrap();
        let mut out = [0u8; 6];
        copy_strided(&src, &mut out, &walk);
        assert_eq!(out, [1, 4, 2, 5, 3, 6]);
        // [2, 1, 3] → [3, 2, 1].
        let walk = Strided::transpose(&[2, 1, 3], &[2, 0, 1]).unwrap();
        copy_strided(&src, &mut out, &walk);
        assert_eq!(out, [1, 4, 2, 5, 3, 6]);
        assert_eq!(Strided::transpose(&[2, 3], &[1, 1]), None);
        assert_eq!(Strided::transpose(&[2, 3], &[0]), None);
    }

    #[test]
    #[should_panic(expected = "strided walk does not fit its tensors")]
    fn refuses_a_walk_outside_the_input() {
        let walk = Strided::slice(&[3, 4], &[(1, 1, 2), (1, 2, 2)]).unwrap();
        copy_strided(&[0u8; 8], &mut [0u8; 4], &walk);
    }
}
