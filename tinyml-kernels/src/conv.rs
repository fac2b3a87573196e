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
    // Filters as arrays (every offset a constant), `BLOCK` output channels
    // per pass over a window: each input value loaded once feeds them all.
    let filters = weights
        .as_chunks::<IC>()
        .0
        .as_chunks::<KW>()
        .0
        .as_chunks::<KH>()
        .0;
    let (filter_blocks, filter_rest) = filters.as_chunks::<BLOCK>();
    let (bias_blocks, bias_rest) = bias.as_chunks::<BLOCK>();
    for (pixel, out_pixel) in output.as_chunks_mut::<OC>().0.iter_mut().enumerate() {
        let rows = Window::new(pixel / OW, SH, PT, KH, IH);
        let cols = Window::new(pixel % OW, SW, PL, KW, IW);
        let (out_blocks, out_rest) = out_pixel.as_chunks_mut::<BLOCK>();
        let blocks = out_blocks.iter_mut().zip(filter_blocks).zip(bias_blocks);
        for ((out, filters), bias) in blocks {
            let sums = window_sums::<T, IW, IC, KH, KW, BLOCK>(input, &rows, &cols, filters);
            for ((out, sum), &b) in out.iter_mut().zip(sums).zip(bias) {
                *out = clamp.apply(T::from_acc(T::add_bias(sum, b)));
            }
        }
        for ((out, filter), &b) in out_rest.iter_mut().zip(filter_rest).zip(bias_rest) {
            let filters = core::array::from_ref(filter);
            let [sum] = window_sums::<T, IW, IC, KH, KW, 1>(input, &rows, &cols, filters);
            *out = clamp.apply(T::from_acc(T::add_bias(sum, b)));
        }
    }
}

/// Output channels per pass of [`conv2d`]: four accumulators stay in
/// registers (on a Cortex-M4F, four `f32` sums, one input and a weight).
const BLOCK: usize = 4;

/// The sums of products of one window with each of `R` filters, in the
/// window's order (rows, columns, channels), so each sum rounds as a
/// one-filter loop would.
#[inline(always)]
fn window_sums<
    T: Element,
    const IW: usize,
    const IC: usize,
    const KH: usize,
    const KW: usize,
    const R: usize,
>(
    input: &[T],
    rows: &Window,
    cols: &Window,
    filters: &[[[[T; IC]; KW]; KH]; R],
) -> [T::Acc; R] {
    let mut acc = [T::mac_zero(); R];
    for (in_row, ky) in rows.zip(input.chunks_exact(IW * IC), 0..KH) {
        for (in_pixel, kx) in cols.zip(in_row.as_chunks::<IC>().0.iter(), 0..KW) {
            for (c, &x) in in_pixel.iter().enumerate() {
                for (acc, filter) in acc.iter_mut().zip(filters) {
                    let w = filter
                        .get(ky)
                        .and_then(|row| row.get(kx))
                        .and_then(|tap| tap.get(c));
                    if let Some(&w) = w {
                        *acc = T::mac(*acc, x, w);
                    }
                }
            }
        }
    }
    acc
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
    // Weights as arrays, one `[OC]` row per tap; `BLOCK` output channels per
    // pass over a window, each input pixel's channels loaded together.
    let taps = weights.as_chunks::<OC>().0.as_chunks::<KW>().0;
    for (pixel, out_pixel) in output.as_chunks_mut::<OC>().0.iter_mut().enumerate() {
        let rows = Window::new(pixel / OW, SH, PT, KH, IH);
        let cols = Window::new(pixel % OW, SW, PL, KW, IW);
        let (out_blocks, out_rest) = out_pixel.as_chunks_mut::<BLOCK>();
        let blocks = out_blocks.iter_mut().zip(bias.as_chunks::<BLOCK>().0);
        for (block, (out, bias)) in blocks.enumerate() {
            let first = block * BLOCK;
            let sums =
                depthwise_sums::<T, IW, IC, M, KW, OC, BLOCK>(input, &rows, &cols, taps, first);
            for ((out, sum), &b) in out.iter_mut().zip(sums).zip(bias) {
                *out = clamp.apply(T::from_acc(T::add_bias(sum, b)));
            }
        }
        let first = out_blocks.len() * BLOCK;
        for (oc, out) in (first..).zip(out_rest) {
            let [sum] = depthwise_sums::<T, IW, IC, M, KW, OC, 1>(input, &rows, &cols, taps, oc);
            if let Some(&b) = bias.get(oc) {
                *out = clamp.apply(T::from_acc(T::add_bias(sum, b)));
            }
        }
    }
}

/// The sums of output channels `first..first + R` of one depthwise window,
/// each in the window's order (rows, then columns), as a one-channel loop
/// would round them.
#[inline(always)]
fn depthwise_sums<
    T: Element,
    const IW: usize,
    const IC: usize,
    const M: usize,
    const KW: usize,
    const OC: usize,
    const R: usize,
>(
    input: &[T],
    rows: &Window,
    cols: &Window,
    taps: &[[[T; OC]; KW]],
    first: usize,
) -> [T::Acc; R] {
    let mut acc = [T::mac_zero(); R];
    for (in_row, tap_row) in rows.zip(input.chunks_exact(IW * IC), taps.iter()) {
        for (in_pixel, tap) in cols.zip(in_row.as_chunks::<IC>().0.iter(), tap_row.iter()) {
            for (r, acc) in acc.iter_mut().enumerate() {
                let oc = first + r;
                if let (Some(&x), Some(&w)) = (in_pixel.get(oc / M), tap.get(oc)) {
                    *acc = T::mac(*acc, x, w);
                }
            }
        }
    }
    acc
}

#[cfg(test)]
mod tests;
