//! Max, average and global average pooling over HWC tensors.
//!
//! Padding positions are ignored, as in TensorFlow Lite: they never win a
//! max and are not counted in an average.

use crate::geometry::{Window, window2d_fits};
use crate::{Clamp, Element};

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
            assert!(
                (KH * KW) as u64 <= T::MAX_FAN_IN,
                concat!($name, ": window overflows the accumulator")
            );
        }
    };
}

/// Max pooling (TensorFlow Lite `MAX_POOL_2D`): each output is the clamped
/// maximum of its window's non-padding inputs, per channel.
///
/// `input` is `[IH][IW][C]`, `output` is `[OH][OW][C]`; `KH`/`KW` are the
/// window size, strides and padding as in [`crate::conv::conv2d`].
pub fn max_pool<
    T: Element,
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
    input: &[T; IN],
    output: &mut [T; OUT],
    clamp: Clamp<T>,
) {
    assert_pool_geometry!("max_pool");
    for (pixel, out_pixel) in output.chunks_exact_mut(C).enumerate() {
        let rows = Window::new(pixel / OW, SH, PT, KH, IH);
        let cols = Window::new(pixel % OW, SW, PL, KW, IW);
        out_pixel.fill(T::LOWEST);
        for in_row in rows.inputs(input.chunks_exact(IW * C)) {
            for in_pixel in cols.inputs(in_row.chunks_exact(C)) {
                for (out, &x) in out_pixel.iter_mut().zip(in_pixel) {
                    *out = out.max(x);
                }
            }
        }
        for out in out_pixel {
            *out = clamp.apply(*out);
        }
    }
}

/// Average pooling (TensorFlow Lite `AVERAGE_POOL_2D`): each output is the
/// clamped mean ([`Element::mean`]) of its window's non-padding inputs, per
/// channel.
///
/// Parameters as in [`max_pool`].
pub fn avg_pool<
    T: Element,
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
    input: &[T; IN],
    output: &mut [T; OUT],
    clamp: Clamp<T>,
) {
    assert_pool_geometry!("avg_pool");
    const {
        assert!(
            KH * KW <= u32::MAX as usize,
            "avg_pool: KH * KW must fit in u32"
        )
    };
    for (pixel, out_pixel) in output.chunks_exact_mut(C).enumerate() {
        let rows = Window::new(pixel / OW, SH, PT, KH, IH);
        let cols = Window::new(pixel % OW, SW, PL, KW, IW);
        // At most KH * KW, which the const assertions bound by MAX_FAN_IN
        // and u32::MAX; `window2d_fits` makes it at least 1.
        let count = (rows.len() * cols.len()) as u32;
        for (c, out) in out_pixel.iter_mut().enumerate() {
            let mut sum = T::sum_zero();
            for in_row in rows.inputs(input.chunks_exact(IW * C)) {
                for in_pixel in cols.inputs(in_row.chunks_exact(C)) {
                    sum = T::sum_add(sum, in_pixel[c]);
                }
            }
            *out = clamp.apply(T::mean(sum, count));
        }
    }
}

/// Global average pooling (Keras `GlobalAveragePooling2D`, TensorFlow Lite
/// `MEAN` over height and width): the mean ([`Element::mean`]) of each
/// channel over all `H * W` positions.
///
/// `input` is `[H][W][C]`, `output` is `[C]`.
pub fn global_avg_pool<
    T: Element,
    const H: usize,
    const W: usize,
    const C: usize,
    const IN: usize,
>(
    input: &[T; IN],
    output: &mut [T; C],
) {
    const {
        assert!(
            H > 0 && W > 0 && C > 0,
            "global_avg_pool: H, W, C must be positive"
        );
        assert!(IN == H * W * C, "global_avg_pool: IN must be H * W * C");
        assert!(
            (H * W) as u64 <= T::MAX_FAN_IN,
            "global_avg_pool: H * W overflows the accumulator"
        );
        assert!(
            H * W <= u32::MAX as usize,
            "global_avg_pool: H * W must fit in u32"
        );
    };
    for (c, out) in output.iter_mut().enumerate() {
        let mut sum = T::sum_zero();
        for pixel in input.chunks_exact(C) {
            sum = T::sum_add(sum, pixel[c]);
        }
        *out = T::mean(sum, (H * W) as u32);
    }
}

#[cfg(test)]
mod tests;
