//! The general path of [`conv2d_per_channel`](super::conv2d_per_channel): any shape, any quantization.

use super::{ConvQuant, Geometry, weight_sum};
use crate::geometry::Window;
use crate::int8::requantize;

/// [`conv2d_per_channel`](super::conv2d_per_channel) for the shapes and quantization its packed path
/// does not take, with the geometry at run time: one copy serves every
/// shape. Padded taps are corrected per window (`input_offset` may be any
/// `i32` here).
#[inline(never)]
#[allow(clippy::too_many_arguments)]
pub(super) fn conv2d_general(
    input: &[i8],
    weights: &[i8],
    bias: &[i32],
    multipliers: &[i32],
    shifts: &[i32],
    output: &mut [i8],
    quant: ConvQuant,
    g: Geometry,
) {
    let ([ih, iw, ic], [ow, oc], [kh, kw], [sh, sw], [pt, pl]) =
        (g.input, g.output, g.kernel, g.stride, g.pad);
    // Chunk lengths, none zero (the const assertions of the callers).
    let lengths = (
        iw.checked_mul(ic),
        kw.checked_mul(ic),
        kh.checked_mul(kw * ic),
    );
    let (Some(in_row), Some(filter_row), Some(filter)) = lengths else {
        return;
    };
    if [ic, oc, ow, in_row, filter_row, filter].contains(&0) {
        return;
    }
    let pad_value = quant.input_offset.wrapping_neg();
    let act = (quant.act_min, quant.act_max);
    let filters = weights.chunks_exact(filter);
    for (pixel, out_pixel) in output.chunks_exact_mut(oc).enumerate() {
        let rows = Window::new(pixel / ow, sh, pt, kh, ih);
        let cols = Window::new(pixel % ow, sw, pl, kw, iw);
        // Only windows on the border pay for padding.
        let padded = rows.len() < kh || cols.len() < kw;
        // Zipped rather than indexed by channel: no bounds check remains.
        let requant = bias.iter().zip(multipliers).zip(shifts);
        let channels = out_pixel.iter_mut().zip(filters.clone()).zip(requant);
        for ((out, filter), ((&b, &multiplier), &shift)) in channels {
            let mut acc = b;
            let mut inside_weights = 0i32;
            let input_rows = input.chunks_exact(in_row);
            for (in_row, filter_row) in rows.zip(input_rows, filter.chunks_exact(filter_row)) {
                let in_pixels = in_row.chunks_exact(ic);
                for (in_pixel, taps) in cols.zip(in_pixels, filter_row.chunks_exact(ic)) {
                    for (&x, &w) in in_pixel.iter().zip(taps) {
                        acc = acc.wrapping_add(i32::from(x) * i32::from(w));
                    }
                    if padded {
                        inside_weights = inside_weights.wrapping_add(weight_sum(taps.iter()));
                    }
                }
            }
            if padded {
                // Each padded tap reads the zero point in each channel.
                let padded_weights = weight_sum(filter.iter()).wrapping_sub(inside_weights);
                acc = acc.wrapping_add(padded_weights.wrapping_mul(pad_value));
            }
            *out = requantize(acc, multiplier, shift, quant.output_offset, act);
        }
    }
}
