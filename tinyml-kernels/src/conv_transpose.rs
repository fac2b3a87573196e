//! Transposed 2-D convolution (TensorFlow Lite `TRANSPOSE_CONV`, Keras'
//! `Conv2DTranspose`).
//!
//! Input pixel `(iy, ix)` adds `input · weight[ky][kx]` to output pixel
//! `(iy · SH + ky − PT, ix · SW + kx − PL)` when that lies in the output.
//! Computed here per output, gathering the taps that reach it: `ky` such
//! that `oy + PT − ky` is a non-negative multiple of `SH` below `IH · SH`
//! (and likewise the columns). Each output is
//! `clamp(from_acc((Σ input · weight) + bias))`, rounded once.

use crate::{Clamp, Element};

/// `input` is `[IH][IW][IC]`, `weights` is OHWI `[OC][KH][KW][IC]`, `output`
/// is `[OH][OW][OC]`. `SH`/`SW` are the strides, `PT`/`PL` the rows and
/// columns before the output that the scatter drops.
///
/// ```
/// use tinyml_kernels::{Clamp, conv_transpose::conv2d_transpose};
///
/// // A 2x1 input, one channel; a 2x1 kernel [1, 10] at stride 2.
/// let mut output = [0.0; 4];
/// conv2d_transpose::<f32, 2, 1, 1, 4, 1, 1, 2, 1, 2, 1, 0, 0, 2, 4, 2>(
///     &[1.0, 2.0], &[1.0, 10.0], &[0.5], &mut output, Clamp::none(),
/// );
/// assert_eq!(output, [1.5, 10.5, 2.5, 20.5]);
/// ```
#[allow(clippy::too_many_arguments)]
pub fn conv2d_transpose<
    T: Element,
    const IH: usize,
    const IW: usize,
    const IC: usize,
    const OH: usize,
    const OW: usize,
    const OC: usize,
    const KH: usize,
    const KW: usize,
    const SH: usize,
    const SW: usize,
    const PT: usize,
    const PL: usize,
    const IN: usize,
    const OUT: usize,
    const WN: usize,
>(
    input: &[T; IN],
    weights: &[T; WN],
    bias: &[T; OC],
    output: &mut [T; OUT],
    clamp: Clamp<T>,
) {
    const {
        assert!(
            IC > 0 && OC > 0,
            "conv2d_transpose: channel counts must be positive"
        );
        assert!(
            SH > 0 && SW > 0,
            "conv2d_transpose: strides must be positive"
        );
        assert!(
            IN == IH * IW * IC,
            "conv2d_transpose: IN must be IH * IW * IC"
        );
        assert!(
            OUT == OH * OW * OC,
            "conv2d_transpose: OUT must be OH * OW * OC"
        );
        assert!(
            WN == OC * KH * KW * IC,
            "conv2d_transpose: WN must be OC * KH * KW * IC"
        );
        assert!(
            (KH * KW * IC) as u64 <= T::MAX_FAN_IN,
            "conv2d_transpose: fan-in overflows the accumulator"
        );
    };
    for (pixel, out_pixel) in output.chunks_exact_mut(OC).enumerate() {
        let (oy, ox) = (pixel / OW, pixel % OW);
        for (oc, out) in out_pixel.iter_mut().enumerate() {
            let mut acc = T::mac_zero();
            for (ky, iy) in taps::<KH, SH, PT, IH>(oy) {
                for (kx, ix) in taps::<KW, SW, PL, IW>(ox) {
                    let x = &input[(iy * IW + ix) * IC..][..IC];
                    let w = &weights[((oc * KH + ky) * KW + kx) * IC..][..IC];
                    for (&x, &w) in x.iter().zip(w) {
                        acc = T::mac(acc, x, w);
                    }
                }
            }
            *out = clamp.apply(T::from_acc(T::add_bias(acc, bias[oc])));
        }
    }
}

/// The `(kernel index, input index)` pairs along one axis that reach
/// output index `o`: `o + P − k = i · S` with `i < I`.
#[inline(always)]
pub(crate) fn taps<const K: usize, const S: usize, const P: usize, const I: usize>(
    o: usize,
) -> impl Iterator<Item = (usize, usize)> {
    (0..K).filter_map(move |k| {
        let at = (o + P).checked_sub(k)?;
        (at % S == 0 && at / S < I).then_some((k, at / S))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_stride_2_drops_the_first_row_of_a_4x4_kernel() {
        // 1x1 input, kernel 4 wide (1 row), stride 2, same: PL = 1, OW = 2.
        let mut output = [0.0f32; 2];
        conv2d_transpose::<f32, 1, 1, 1, 1, 2, 1, 1, 4, 1, 2, 0, 1, 1, 2, 4>(
            &[2.0],
            &[1.0, 2.0, 3.0, 4.0],
            &[0.0],
            &mut output,
            Clamp::none(),
        );
        assert_eq!(output, [4.0, 6.0]);
    }

    #[test]
    fn overlapping_patches_add_up() {
        // 1x2 input, kernel 1x3 of ones, stride 1, valid: OW = 4.
        let mut output = [0.0f32; 4];
        conv2d_transpose::<f32, 1, 2, 1, 1, 4, 1, 1, 3, 1, 1, 0, 0, 2, 4, 3>(
            &[1.0, 10.0],
            &[1.0; 3],
            &[0.0],
            &mut output,
            Clamp::relu(),
        );
        assert_eq!(output, [1.0, 11.0, 11.0, 10.0]);
    }
}
