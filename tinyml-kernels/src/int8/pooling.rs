//! Quantized max and average pooling (TFLM's `MaxPool` and `AveragePool`
//! for `int8`).
//!
//! TFLM requires the input and output of a pool to share scale and zero
//! point, so no requantization happens: only the fused activation's clamp.
//! Padding positions are skipped: they never win a max and are not counted
//! in an average. Shapes and geometry are those of [`crate::pooling`].

use super::clamp_i8;
use crate::geometry::{Window, window2d_fits};

/// The quantization parameters of a pool: its fused activation's clamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolQuant {
    /// Lower clamp (`−128` for no activation).
    pub act_min: i8,
    /// Upper clamp (`127` for no activation or ReLU).
    pub act_max: i8,
}

/// Checks the const parameters shared by [`max_pool`] and [`avg_pool`].
macro_rules! assert_pool_geometry {
    ($name:literal) => {
        const {
            assert!(C > 0, concat!($name, ": C must be positive"));
            assert!(
                IN == IH * IW * C,
                concat!($name, ": IN must be IH * IW * C")
            );
            assert!(
                OUT == OH * OW * C,
                concat!($name, ": OUT must be OH * OW * C")
            );
            assert!(
                window2d_fits([IH, IW], [OH, OW], [KH, KW], [SH, SW], [PT, PL]),
                concat!(
                    $name,
                    ": the windows (OH, OW, KH, KW, SH, SW, PT, PL) do not tile the input (IH, IW)"
                )
            );
            // An `i32` sum of `i8` values cannot overflow below 2^24 terms.
            assert!(KH * KW < 1 << 24, concat!($name, ": window too large"));
        }
    };
}

/// Max pooling (TFLite `MAX_POOL_2D`, `int8`): each output is the clamped
/// maximum of its window's non-padding inputs, per channel.
pub fn max_pool<
    const IH: usize,
    const IW: usize,
    const C: usize,
    const OH: usize,
    const OW: usize,
    const KH: usize,
    const KW: usize,
    const SH: usize,
    const SW: usize,
    const PT: usize,
    const PL: usize,
    const IN: usize,
    const OUT: usize,
>(
    input: &[i8; IN],
    output: &mut [i8; OUT],
    quant: PoolQuant,
) {
    assert_pool_geometry!("max_pool");
    let act = (quant.act_min, quant.act_max);
    for (pixel, out_pixel) in output.chunks_exact_mut(C).enumerate() {
        let rows = Window::new(pixel / OW, SH, PT, KH, IH);
        let cols = Window::new(pixel % OW, SW, PL, KW, IW);
        out_pixel.fill(i8::MIN);
        for in_row in rows.inputs(input.chunks_exact(IW * C)) {
            for in_pixel in cols.inputs(in_row.chunks_exact(C)) {
                for (out, &x) in out_pixel.iter_mut().zip(in_pixel) {
                    *out = (*out).max(x);
                }
            }
        }
        for out in out_pixel {
            *out = clamp_i8(i32::from(*out), act);
        }
    }
}

/// Average pooling (TFLite `AVERAGE_POOL_2D`, `int8`): each output is the
/// clamped mean of its window's non-padding inputs, per channel.
///
/// The mean is TFLM's: the `i32` sum divided by the count of non-padding
/// taps, rounded to nearest with ties away from zero (`(sum ± count/2) /
/// count`, the division truncating toward zero).
pub fn avg_pool<
    const IH: usize,
    const IW: usize,
    const C: usize,
    const OH: usize,
    const OW: usize,
    const KH: usize,
    const KW: usize,
    const SH: usize,
    const SW: usize,
    const PT: usize,
    const PL: usize,
    const IN: usize,
    const OUT: usize,
>(
    input: &[i8; IN],
    output: &mut [i8; OUT],
    quant: PoolQuant,
) {
    assert_pool_geometry!("avg_pool");
    let act = (quant.act_min, quant.act_max);
    for (pixel, out_pixel) in output.chunks_exact_mut(C).enumerate() {
        let rows = Window::new(pixel / OW, SH, PT, KH, IH);
        let cols = Window::new(pixel % OW, SW, PL, KW, IW);
        // `window2d_fits` makes every window cover at least one input; the
        // const assertion bounds the count below 2^24.
        let count = (rows.len() * cols.len()) as i32;
        for (c, out) in out_pixel.iter_mut().enumerate() {
            let mut sum = 0i32;
            for in_row in rows.inputs(input.chunks_exact(IW * C)) {
                for in_pixel in cols.inputs(in_row.chunks_exact(C)) {
                    sum += i32::from(in_pixel[c]);
                }
            }
            *out = clamp_i8(rounded_mean(sum, count), act);
        }
    }
}

/// TFLM's rounded mean: `(sum + count/2) / count` for a positive sum,
/// `(sum − count/2) / count` otherwise, truncating toward zero (so ties
/// go away from zero). `count ≥ 1`.
#[inline(always)]
pub(crate) fn rounded_mean(sum: i32, count: i32) -> i32 {
    if sum > 0 {
        (sum + count / 2) / count
    } else {
        (sum - count / 2) / count
    }
}
