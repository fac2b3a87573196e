//! The general path of [`depthwise_conv2d_per_channel`]: any shape and any
//! quantization, one output at a time, its window read straight from the
//! input (TFLM's reference loop, with the folded bias).
//!
//! As in `conv2d.rs`, the loop, [`general`], is written once, generic over
//! the geometry ([`Geom`]), and compiled once per kernel shape that the
//! plane path never takes (a row too wide for the plane buffer, one kernel
//! row, too many taps for the lanes), with the geometry as constants, plus
//! once with the geometry at run time, for the calls that the plane path
//! cannot take (an input offset beyond `i8`).
//!
//! [`depthwise_conv2d_per_channel`]: super::depthwise_conv2d_per_channel

use super::geom::Geom;
use super::{ConvQuant, weight_sum};
use crate::geometry::Window;
use crate::int8::requantize;

/// `output = depthwise_conv2d(input, weights)` requantized per channel, for
/// geometry `g` (depth multiplier `OC / IC`). Padded taps are corrected per
/// window, from `quant.input_offset` (which may be any `i32` here).
/// Never inlined, as in `conv2d.rs`.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
pub(super) fn general<G: Geom>(
    input: &[i8],
    weights: &[i8],
    bias: &[i32],
    multipliers: &[i32],
    shifts: &[i32],
    output: &mut [i8],
    quant: ConvQuant,
    g: G,
) {
    let (ih, iw, ic, ow, oc) = (g.ih(), g.iw(), g.ic(), g.ow(), g.oc());
    let (kh, kw, sh, sw, pt, pl) = (g.kh(), g.kw(), g.sh(), g.sw(), g.pt(), g.pl());
    // Chunk lengths and the multiplier, none zero (as in `conv2d.rs`).
    let lengths = (iw.checked_mul(ic), kw.checked_mul(oc), oc.checked_div(ic));
    let (Some(in_row), Some(weight_row), Some(depth_multiplier)) = lengths else {
        return;
    };
    if [oc, ow, in_row, weight_row, depth_multiplier].contains(&0) {
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
                // Each padded tap reads the zero point.
                let all_weights = weight_sum(weights.iter().skip(channel).step_by(oc));
                let padded_weights = all_weights.wrapping_sub(inside_weights);
                acc = acc.wrapping_add(padded_weights.wrapping_mul(pad_value));
            }
            *out = requantize(acc, multiplier, shift, quant.output_offset, act);
        }
    }
}
