//! The general path of [`conv2d_per_channel`]: any shape and any
//! quantization, one output at a time, its window read straight from the
//! input (TFLM's reference loop, with the folded bias).
//!
//! The loop, [`general`], is written once, generic over the geometry
//! ([`Geom`]), and compiled once per kernel shape that the packed path
//! never takes (more than 256 taps, fewer than four output pixels), with
//! the geometry as constants, plus once with the geometry at run time,
//! which serves every shape for the calls that the packed path cannot take
//! (an input offset beyond `i8`, which no valid quantization has).
//!
//! [`conv2d_per_channel`]: super::conv2d_per_channel

use super::geom::Geom;
use super::{ConvQuant, weight_sum};
use crate::geometry::Window;
use crate::int8::requantize;

/// `output = conv2d(input, weights)` requantized per channel, for geometry
/// `g`. Padded taps are corrected per window, from `quant.input_offset`
/// (which may be any `i32` here), and only windows on the border pay for
/// them.
///
/// Never inlined: a function of its own per shape, the loop compiles the
/// same in every model. Inlined into a model's `predict`, its instruction
/// count moved with the code around it (IC's 288- and 576-tap layers by up
/// to 6% either way from one build of the macro to the next), and each
/// model function that inlined it had a copy.
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
    // Chunk lengths, none zero (the callers' const assertions; tested here
    // for the run-time copy, free for a const geometry).
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
