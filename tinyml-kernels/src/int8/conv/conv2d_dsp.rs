//! The `SMLAD` path of [`conv2d_per_channel`], for the kernels too large
//! for the packed path (more than 256 taps) on targets with DSP
//! instructions: each output pixel's window is copied once (TFLM's im2col
//! row, padding holding the input zero point) and every block of four output
//! channels takes it word by word ([`crate::int8::dot`]), four products in
//! two `SMLAD`s per channel. The general loop it replaces reads each input
//! byte once per channel.
//!
//! [`conv2d_per_channel`]: super::conv2d_per_channel

use super::ConvQuant;
use super::conv2d_packed::im2col;
use crate::int8::dot::{ROWS, dot_rows};
use crate::int8::requantize_out_of_line;

/// [`conv2d_per_channel`](super::conv2d_per_channel) one output pixel at a
/// time, four output channels per pass over its window. Padding holds `pad`
/// (the input zero point), so the folded bias needs no correction.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
pub(super) fn conv2d_dsp<
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
>(
    input: &[i8],
    weights: &[i8],
    bias: &[i32; OC],
    multipliers: &[i32; OC],
    shifts: &[i32; OC],
    output: &mut [i8],
    pad: i8,
    quant: ConvQuant,
) {
    let act = (quant.act_min, quant.act_max);
    let zp = quant.output_offset;
    let mut window = [[[0i8; IC]; KW]; KH];
    // Filters as arrays, so that every row's length is a constant and the
    // dot product's loop keeps no check.
    let filters = weights
        .as_chunks::<IC>()
        .0
        .as_chunks::<KW>()
        .0
        .as_chunks::<KH>()
        .0;
    let (filter_blocks, filter_rest) = filters.as_chunks::<ROWS>();
    let (bias_blocks, bias_rest) = bias.as_chunks::<ROWS>();
    let (out_pixels, _) = output.as_chunks_mut::<OC>();
    for (pixel, out_pixel) in out_pixels.iter_mut().enumerate().take(OH * OW) {
        im2col::<IH, IW, IC, OW, KH, KW, SH, SW, PT, PL>(input, pixel, pad, &mut window);
        let x = window.as_flattened().as_flattened();
        let mut requant = multipliers.iter().zip(shifts);
        let mut outs = out_pixel.iter_mut();
        let mut emit = |acc: i32| {
            if let (Some(out), Some((&m, &s))) = (outs.next(), requant.next()) {
                *out = requantize_out_of_line(acc, m, s, zp, act);
            }
        };
        for (block, bias) in filter_blocks.iter().zip(bias_blocks) {
            let rows = block
                .each_ref()
                .map(|filter| filter.as_flattened().as_flattened());
            for acc in dot_rows(x, rows, *bias) {
                emit(acc);
            }
        }
        for (filter, &b) in filter_rest.iter().zip(bias_rest) {
            let [acc] = dot_rows(x, [filter.as_flattened().as_flattened()], [b]);
            emit(acc);
        }
    }
}
