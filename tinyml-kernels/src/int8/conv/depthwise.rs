//! The general path of [`depthwise_conv2d_per_channel`](super::depthwise_conv2d_per_channel): any shape, any
//! quantization.

use super::{ConvQuant, Geometry, weight_sum};
use crate::geometry::Window;
use crate::int8::requantize;

/// [`depthwise_conv2d_per_channel`](super::depthwise_conv2d_per_channel) for the shapes and quantization its
/// plane path does not take, with the geometry at run time (see
/// [`conv2d_general`](super::conv2d::conv2d_general)).
#[inline(never)]
#[allow(clippy::too_many_arguments)]
pub(super) fn depthwise_general(
    input: &[i8],
    weights: &[i8],
    bias: &[i32],
    multipliers: &[i32],
    shifts: &[i32],
    output: &mut [i8],
    quant: ConvQuant,
    depth_multiplier: usize,
    g: Geometry,
) {
    let ([ih, iw, ic], [ow, oc], [kh, kw], [sh, sw], [pt, pl]) =
        (g.input, g.output, g.kernel, g.stride, g.pad);
    let lengths = (iw.checked_mul(ic), kw.checked_mul(oc));
    let (Some(in_row), Some(weight_row)) = lengths else {
        return;
    };
    if [ic, oc, ow, in_row, weight_row, depth_multiplier].contains(&0) {
        return;
    }
    let pad_value = quant.input_offset.wrapping_neg();
    let act = (quant.act_min, quant.act_max);
    for (pixel, out_pixel) in output.chunks_exact_mut(oc).enumerate() {
        let rows = Window::new(pixel / ow, sh, pt, kh, ih);
        let cols = Window::new(pixel % ow, sw, pl, kw, iw);
        let padded = rows.len() < kh || cols.len() < kw;
        let requant = bias.iter().zip(multipliers).zip(shifts);
        for (channel, (out, ((&b, &multiplier), &shift))) in
            out_pixel.iter_mut().zip(requant).enumerate()
        {
            let in_channel = channel / depth_multiplier;
            let mut acc = b;
            let mut inside_weights = 0i32;
            let input_rows = input.chunks_exact(in_row);
            for (in_row, weight_row) in rows.zip(input_rows, weights.chunks_exact(weight_row)) {
                let in_pixels = in_row.chunks_exact(ic);
                for (in_pixel, taps) in cols.zip(in_pixels, weight_row.chunks_exact(oc)) {
                    let (Some(&x), Some(&w)) = (in_pixel.get(in_channel), taps.get(channel)) else {
                        continue;
                    };
                    acc = acc.wrapping_add(i32::from(x) * i32::from(w));
                    inside_weights = inside_weights.wrapping_add(i32::from(w));
                }
            }
            if padded {
                let all_weights = weight_sum(weights.iter().skip(channel).step_by(oc));
                let padded_weights = all_weights.wrapping_sub(inside_weights);
                acc = acc.wrapping_add(padded_weights.wrapping_mul(pad_value));
            }
            *out = requantize(acc, multiplier, shift, quant.output_offset, act);
        }
    }
}
