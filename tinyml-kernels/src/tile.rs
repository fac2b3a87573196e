//! `tile`: the input repeated along each dimension, for any element type
//! (it only copies, so an `i8` output keeps its input's quantization).
//! Each input row (the last dimension) is copied whole, once per repeat of
//! the last dimension, into every output row that reads it.

use crate::strided::RANK;

/// The input's dimensions and their multiples, padded with leading 1s to
/// [`RANK`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tiling {
    /// The input's dimensions.
    pub dims: [usize; RANK],
    /// How many times each repeats.
    pub multiples: [usize; RANK],
}

impl Tiling {
    /// The tiling of `input` by `multiples`; `None` past [`RANK`]
    /// dimensions or if they differ in length.
    pub fn new(input: &[usize], multiples: &[usize]) -> Option<Tiling> {
        if input.len() > RANK || multiples.len() != input.len() {
            return None;
        }
        let (mut dims, mut times) = ([1; RANK], [1; RANK]);
        dims[RANK - input.len()..].copy_from_slice(input);
        times[RANK - input.len()..].copy_from_slice(multiples);
        Some(Tiling {
            dims,
            multiples: times,
        })
    }

    const fn elements(values: [usize; RANK]) -> usize {
        values[0] * values[1] * values[2] * values[3]
    }
}

/// `out` is `src` (shaped `tiling.dims`) repeated `tiling.multiples`
/// times along each dimension.
///
/// # Panics
///
/// If `tiling` does not describe `src` and `out` (the macro derives it
/// from the same shapes, so never in generated code).
#[inline(always)]
pub fn tile<T: Copy, const N: usize, const OUT: usize>(
    src: &[T; N],
    out: &mut [T; OUT],
    tiling: &Tiling,
) {
    const { assert!(N > 0 && OUT > 0, "empty tensors") };
    let Tiling { dims: d, multiples } = *tiling;
    assert!(
        Tiling::elements(d) == N && Tiling::elements(d) * Tiling::elements(multiples) == OUT,
        "tiling does not fit its tensors"
    );
    let mut o = 0;
    for o0 in 0..d[0] * multiples[0] {
        for o1 in 0..d[1] * multiples[1] {
            for o2 in 0..d[2] * multiples[2] {
                let row = (((o0 % d[0]) * d[1] + o1 % d[1]) * d[2] + o2 % d[2]) * d[3];
                for _ in 0..multiples[3] {
                    out[o..o + d[3]].copy_from_slice(&src[row..row + d[3]]);
                    o += d[3];
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_rows_and_whole_tensors() {
        // RepeatVector(3) of [1, 2]: [1, 2] → [3, 2].
        let mut out = [0u8; 6];
        tile(&[1, 2], &mut out, &Tiling::new(&[1, 2], &[3, 1]).unwrap());
        assert_eq!(out, [1, 2, 1, 2, 1, 2]);
        // [2, 2] by [2, 2]: each row twice along, the whole twice down.
        let mut out = [0i8; 16];
        tile(
            &[1, 2, 3, 4],
            &mut out,
            &Tiling::new(&[2, 2], &[2, 2]).unwrap(),
        );
        assert_eq!(out, [1, 2, 1, 2, 3, 4, 3, 4, 1, 2, 1, 2, 3, 4, 3, 4]);
        assert_eq!(Tiling::new(&[2], &[2, 1]), None);
    }

    #[test]
    #[should_panic(expected = "tiling does not fit its tensors")]
    fn refuses_a_tiling_of_other_sizes() {
        tile(
            &[1u8, 2],
            &mut [0u8; 4],
            &Tiling::new(&[1, 2], &[3, 1]).unwrap(),
        );
    }
}
