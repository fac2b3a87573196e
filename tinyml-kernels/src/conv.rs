//! 2-D convolutions: regular and depthwise.
//!
//! Tensors are HWC arrays (NHWC without the batch dimension). Padding
//! positions contribute nothing, as zero padding would. Each output is
//! `clamp(from_acc((Σ input · weight) + bias))`, accumulated in
//! [`Element::Acc`] and rounded once.

use crate::geometry::{Window, window2d_fits};
use crate::{Clamp, Element};

/// Regular 2-D convolution (TensorFlow Lite `CONV_2D`).
///
/// `input` is `[IH][IW][IC]`, `weights` is OHWI `[OC][KH][KW][IC]`, `output`
/// is `[OH][OW][OC]`. `SH`/`SW` are the strides and `PT`/`PL` the padding
/// rows above and columns left of the input; padding after the input is
/// implied by `OH`/`OW`.
///
/// ```
/// use tinyml_kernels::{Clamp, conv::conv2d};
///
/// // 3x3 input, one channel; 2x2 kernel summing its window; `valid`.
/// let input = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0];
/// let mut output = [0.0; 4];
/// conv2d::<f32, 3, 3, 1, 2, 2, 1, 2, 2, 1, 1, 0, 0, 9, 4, 4>(
///     &input, &[1.0; 4], &[0.5], &mut output, Clamp::none(),
/// );
/// assert_eq!(output, [12.5, 16.5, 24.5, 28.5]);
/// ```
///
/// Shapes that do not fit are compile errors:
///
/// ```compile_fail
/// # use tinyml_kernels::{Clamp, conv::conv2d};
/// // OH = OW = 4 does not fit a 3x3 input and a 2x2 kernel with no
/// // padding before (3 would: `same`; 2 too: `valid`).
/// let mut output = [0.0f32; 16];
/// conv2d::<f32, 3, 3, 1, 4, 4, 1, 2, 2, 1, 1, 0, 0, 9, 16, 4>(
///     &[0.0; 9], &[1.0; 4], &[0.5], &mut output, Clamp::none(),
/// );
/// ```
pub fn conv2d<
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
        assert!(IC > 0 && OC > 0, "conv2d: channel counts must be positive");
        assert!(IN == IH * IW * IC, "conv2d: IN must be IH * IW * IC");
        assert!(OUT == OH * OW * OC, "conv2d: OUT must be OH * OW * OC");
        assert!(
            WN == OC * KH * KW * IC,
            "conv2d: WN must be OC * KH * KW * IC"
        );
        assert!(
            window2d_fits([IH, IW], [OH, OW], [KH, KW], [SH, SW], [PT, PL]),
            "conv2d: the windows (OH, OW, KH, KW, SH, SW, PT, PL) do not tile the input (IH, IW)"
        );
        assert!(
            (KH * KW * IC) as u64 <= T::MAX_FAN_IN,
            "conv2d: fan-in overflows the accumulator"
        );
    };
    let filters = weights.chunks_exact(KH * KW * IC);
    for (pixel, out_pixel) in output.chunks_exact_mut(OC).enumerate() {
        let rows = Window::new(pixel / OW, SH, PT, KH, IH);
        let cols = Window::new(pixel % OW, SW, PL, KW, IW);
        for ((out, filter), &b) in out_pixel.iter_mut().zip(filters.clone()).zip(bias) {
            let mut acc = T::mac_zero();
            let input_rows = input.chunks_exact(IW * IC);
            for (in_row, filter_row) in rows.zip(input_rows, filter.chunks_exact(KW * IC)) {
                let in_pixels = in_row.chunks_exact(IC);
                for (in_pixel, taps) in cols.zip(in_pixels, filter_row.chunks_exact(IC)) {
                    for (&x, &w) in in_pixel.iter().zip(taps) {
                        acc = T::mac(acc, x, w);
                    }
                }
            }
            *out = clamp.apply(T::from_acc(T::add_bias(acc, b)));
        }
    }
}

/// Depthwise 2-D convolution (TensorFlow Lite `DEPTHWISE_CONV_2D`).
///
/// Input channel `ic` produces the `M` output channels `ic * M + m`
/// (`M` is the depth multiplier, `OC == IC * M`). `input` is
/// `[IH][IW][IC]`, `weights` is `[1][KH][KW][OC]`, `output` is
/// `[OH][OW][OC]`; strides and padding as in [`conv2d`].
pub fn depthwise_conv2d<
    T: Element,
    const IH: usize,
    const IW: usize,
    const IC: usize,
    const OH: usize,
    const OW: usize,
    const M: usize,
    const KH: usize,
    const KW: usize,
    const SH: usize,
    const SW: usize,
    const PT: usize,
    const PL: usize,
    const OC: usize,
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
            IC > 0 && M > 0,
            "depthwise_conv2d: IC and M must be positive"
        );
        assert!(OC == IC * M, "depthwise_conv2d: OC must be IC * M");
        assert!(
            IN == IH * IW * IC,
            "depthwise_conv2d: IN must be IH * IW * IC"
        );
        assert!(
            OUT == OH * OW * OC,
            "depthwise_conv2d: OUT must be OH * OW * OC"
        );
        assert!(
            WN == KH * KW * OC,
            "depthwise_conv2d: WN must be KH * KW * IC * M"
        );
        assert!(
            window2d_fits([IH, IW], [OH, OW], [KH, KW], [SH, SW], [PT, PL]),
            "depthwise_conv2d: the windows (OH, OW, KH, KW, SH, SW, PT, PL) do not tile the input (IH, IW)"
        );
        assert!(
            (KH * KW) as u64 <= T::MAX_FAN_IN,
            "depthwise_conv2d: fan-in overflows the accumulator"
        );
    };
    for (pixel, out_pixel) in output.chunks_exact_mut(OC).enumerate() {
        let rows = Window::new(pixel / OW, SH, PT, KH, IH);
        let cols = Window::new(pixel % OW, SW, PL, KW, IW);
        for (oc, (out, &b)) in out_pixel.iter_mut().zip(bias).enumerate() {
            let ic = oc / M;
            let mut acc = T::mac_zero();
            let input_rows = input.chunks_exact(IW * IC);
            for (in_row, weight_row) in rows.zip(input_rows, weights.chunks_exact(KW * OC)) {
                let in_pixels = in_row.chunks_exact(IC);
                for (in_pixel, taps) in cols.zip(in_pixels, weight_row.chunks_exact(OC)) {
                    acc = T::mac(acc, in_pixel[ic], taps[oc]);
                }
            }
            *out = clamp.apply(T::from_acc(T::add_bias(acc, b)));
        }
    }
}

#[cfg(test)]
mod tests;
