//! Per-channel quantized 2-D convolutions: regular and depthwise (TFLM's
//! `ConvPerChannel` and `DepthwiseConvPerChannel`).
//!
//! Shapes and layouts are those of [`crate::conv`]. Each output is
//! `clamp(output_offset + M[oc] · (bias'[oc] + Σ input · weight))` with the
//! per-channel multiplier `M[oc] = multipliers[oc] · 2^(shifts[oc] − 31)`
//! applied by [`multiply_by_quantized_multiplier`] (TFLM's double
//! rounding).
//!
//! **Contract.** `bias'` is the bias with the input zero point folded in
//! over the whole kernel window ([`prepare::fold_bias_rows`] for
//! [`conv2d_per_channel`], [`prepare::fold_bias_depthwise`] for
//! [`depthwise_conv2d_per_channel`]), and padded positions hold the input
//! zero point `−quant.input_offset`. Together this equals TFLM's
//! `bias + Σ_(taps inside the input) weight · (input − input_zero_point)`
//! exactly (see the [module documentation](super)).
//!
//! **Speed.** Both kernels multiply two output pixels at a time: two `i8`
//! inputs packed in one `i32` (`x0 + x1 · 2^23`) times a weight give both
//! products in one 32 × 32 → 64-bit multiply-accumulate (`SMLAL` on
//! Cortex-M4), exactly (see `packed.rs`). [`conv2d_per_channel`] packs the
//! windows of four output pixels (kernels of up to 256 taps) and takes each
//! output channel over them; [`depthwise_conv2d_per_channel`] packs each
//! input channel's plane by pairs of rows and computes two outputs, one
//! above the other, per window (planes that fit 768 bytes, or strips of
//! them). The usual requantization (shift −24..=−2, full `i8` clamp) takes
//! a handful of operations (`requant.rs`). Other shapes and quantizations
//! take the general per-window algorithm; all results are the same bits.
//!
//! [`multiply_by_quantized_multiplier`]: super::quant::multiply_by_quantized_multiplier
//! [`prepare::fold_bias_rows`]: super::prepare::fold_bias_rows
//! [`prepare::fold_bias_depthwise`]: super::prepare::fold_bias_depthwise

use super::packed::{LANE_BIAS, LANE_TERMS, dot_1x2, lanes, pack, pack_pairs};
use super::requant::QuarterRequant;
use super::{requantize, requantize_out_of_line};
use crate::geometry::{Window, window2d_fits};
use core::hint::black_box;
use core::sync::atomic::{Ordering, compiler_fence};

/// The largest `KH · KW · IC` that [`conv2d_per_channel`] packs (the fast
/// path's stack buffers hold 12 bytes per tap, 8 for a 1x1 kernel).
const PACKED_TAPS: usize = 256;

/// The wrapping sum of `weights` as `i32`.
#[inline(always)]
fn weight_sum<'a>(weights: impl Iterator<Item = &'a i8>) -> i32 {
    weights.fold(0, |s, &w| s.wrapping_add(i32::from(w)))
}

/// The per-tensor quantization parameters of a convolution (CMSIS-NN's
/// `cmsis_nn_conv_params` without the geometry, which is const generic).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConvQuant {
    /// `−input_zero_point`. Only padded taps use it (they hold the zero
    /// point); everywhere else it is folded into the bias.
    pub input_offset: i32,
    /// `output_zero_point`, added after requantization.
    pub output_offset: i32,
    /// Lower clamp: the fused activation's minimum (`−128` for none).
    pub act_min: i8,
    /// Upper clamp: the fused activation's maximum (`127` for none, ReLU).
    pub act_max: i8,
}

/// Per-channel quantized 2-D convolution (TFLite `CONV_2D` with `int8`
/// tensors): `input` `[IH][IW][IC]`, `weights` OHWI `[OC][KH][KW][IC]`,
/// `output` `[OH][OW][OC]`; strides `SH`/`SW` and padding `PT`/`PL` as in
/// [`crate::conv::conv2d`].
///
/// `bias` must be the folded bias of the [module contract](self);
/// `multipliers`/`shifts` hold each output channel's requantization
/// ([`super::prepare::conv_multiplier`]).
#[allow(clippy::too_many_arguments)]
pub fn conv2d_per_channel<
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
    input: &[i8; IN],
    weights: &[i8; WN],
    bias: &[i32; OC],
    multipliers: &[i32; OC],
    shifts: &[i32; OC],
    output: &mut [i8; OUT],
    quant: ConvQuant,
) {
    const {
        assert!(
            IC > 0 && OC > 0,
            "conv2d_per_channel: channel counts must be positive"
        );
        assert!(
            IN == IH * IW * IC,
            "conv2d_per_channel: IN must be IH * IW * IC"
        );
        assert!(
            OUT == OH * OW * OC,
            "conv2d_per_channel: OUT must be OH * OW * OC"
        );
        assert!(
            WN == OC * KH * KW * IC,
            "conv2d_per_channel: WN must be OC * KH * KW * IC"
        );
        assert!(
            window2d_fits::<IH, IW, OH, OW, KH, KW, SH, SW, PT, PL>(),
            "conv2d_per_channel: the windows (OH, OW, KH, KW, SH, SW, PT, PL) do not tile the input (IH, IW)"
        );
    };
    let pad_value = quant.input_offset.wrapping_neg();
    if const { OH * OW >= 4 && KH * KW * IC <= PACKED_TAPS } {
        // Padding holds the input zero point, packed as an `i8`.
        if let Ok(pad) = i8::try_from(pad_value) {
            conv2d_packed::<IH, IW, IC, OH, OW, OC, KH, KW, SH, SW, PT, PL>(
                input,
                weights,
                bias,
                multipliers,
                shifts,
                output,
                pad,
                quant,
            );
        } else {
            // No valid quantization comes here: one shared copy.
            let geometry = Geometry {
                input: [IH, IW, IC],
                output: [OW, OC],
                kernel: [KH, KW],
                stride: [SH, SW],
                pad: [PT, PL],
            };
            conv2d_general(
                input,
                weights,
                bias,
                multipliers,
                shifts,
                output,
                quant,
                geometry,
            );
        }
        return;
    }
    // Shapes the packed path never takes: the general algorithm with the
    // geometry known to the optimiser.
    let act = (quant.act_min, quant.act_max);
    let filters = weights.chunks_exact(KH * KW * IC);
    for (pixel, out_pixel) in output.chunks_exact_mut(OC).enumerate() {
        let rows = Window::new(pixel / OW, SH, PT, KH, IH);
        let cols = Window::new(pixel % OW, SW, PL, KW, IW);
        // Only windows on the border pay for padding.
        let padded = rows.len() < KH || cols.len() < KW;
        // Zipped rather than indexed by channel: no bounds check remains.
        let requant = bias.iter().zip(multipliers).zip(shifts);
        let channels = out_pixel.iter_mut().zip(filters.clone()).zip(requant);
        for ((out, filter), ((&b, &multiplier), &shift)) in channels {
            let mut acc = b;
            let mut inside_weights = 0i32;
            let input_rows = input.chunks_exact(IW * IC);
            for (in_row, filter_row) in rows.zip(input_rows, filter.chunks_exact(KW * IC)) {
                let in_pixels = in_row.chunks_exact(IC);
                for (in_pixel, taps) in cols.zip(in_pixels, filter_row.chunks_exact(IC)) {
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

/// A window's taps in order.
#[inline(always)]
fn flat<const IC: usize, const KW: usize, const KH: usize>(
    window: &[[[i8; IC]; KW]; KH],
) -> core::slice::Iter<'_, i8> {
    window.as_flattened().as_flattened().iter()
}

/// The input window of output pixel `pixel`, flattened `[KH][KW][IC]`
/// (TFLM's im2col row), with padding set to `pad`.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn im2col<
    const IH: usize,
    const IW: usize,
    const IC: usize,
    const OW: usize,
    const KH: usize,
    const KW: usize,
    const SH: usize,
    const SW: usize,
    const PT: usize,
    const PL: usize,
>(
    input: &[i8],
    pixel: usize,
    pad: i8,
    window: &mut [[[i8; IC]; KW]; KH],
) {
    let rows = Window::new(pixel / OW, SH, PT, KH, IH);
    let cols = Window::new(pixel % OW, SW, PL, KW, IW);
    if rows.len() < KH || cols.len() < KW {
        window.as_flattened_mut().as_flattened_mut().fill(pad);
    }
    for (in_row, taps) in rows.zip(input.chunks_exact(IW * IC), window.iter_mut()) {
        for (in_pixel, tap) in cols.zip(in_row.chunks_exact(IC), taps.iter_mut()) {
            tap.copy_from_slice(in_pixel);
        }
    }
}

/// [`conv2d_per_channel`] for kernels of at most [`PACKED_TAPS`] taps: four
/// output pixels at a time, their windows packed in pairs
/// ([`super::packed`]), two output channels per pass over the packed
/// windows, so that each weight load feeds four products in two `SMLAL`s.
/// Padding holds `pad` (the input zero point), so the folded bias needs no
/// correction.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn conv2d_packed<
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
    let taps = KH * KW * IC;
    let pixels = OH * OW;
    let act = (quant.act_min, quant.act_max);
    let zp = quant.output_offset;
    // Usually every channel takes the short requantization.
    let quarter = act == (i8::MIN, i8::MAX) && shifts.iter().all(|&s| QuarterRequant::covers(s));
    // A 1x1 kernel without padding reads its window straight from the input.
    let direct = KH == 1 && KW == 1 && PT == 0 && PL == 0;
    let mut windows = [[[[0i8; IC]; KW]; KH]; 4];
    let mut packed = [[[0u64; IC]; KW]; KH];
    let packed = packed.as_flattened_mut().as_flattened_mut();
    let (out_pixels, _) = output.as_chunks_mut::<OC>();
    for block in 0..pixels.div_ceil(4) {
        // The last block ends at the last pixel, overlapping the one before
        // when the pixels do not divide by four: it writes the same values
        // again.
        let first = (block * 4).min(pixels - 4);
        let Some(out_block) = out_pixels.get_mut(first..first + 4) else {
            continue;
        };
        if direct {
            // Packed straight from the four input pixels (no window copy,
            // so no window buffer on the stack either).
            let pixel = |j: usize| {
                let p = first + j;
                let start = ((p / OW) * SH * IW + (p % OW) * SW) * IC;
                input.get(start..start + IC).unwrap_or_default().iter()
            };
            let quads = pixel(0).zip(pixel(1)).zip(pixel(2).zip(pixel(3)));
            for (dst, ((&x0, &x1), (&x2, &x3))) in packed.iter_mut().zip(quads) {
                *dst = pack_pairs(pack(x0, x1), pack(x2, x3));
            }
        } else {
            for (pixel, window) in (first..).zip(windows.iter_mut()) {
                im2col::<IH, IW, IC, OW, KH, KW, SH, SW, PT, PL>(input, pixel, pad, window);
            }
            let [w0, w1, w2, w3] = &windows;
            let quads = flat(w0).zip(flat(w1)).zip(flat(w2).zip(flat(w3)));
            for (dst, ((&x0, &x1), (&x2, &x3))) in packed.iter_mut().zip(quads) {
                *dst = pack_pairs(pack(x0, x1), pack(x2, x3));
            }
        }

        let requant = bias.iter().zip(multipliers).zip(shifts);
        for (oc, (filter, ((&b, &m), &s))) in weights.chunks_exact(taps).zip(requant).enumerate() {
            let sums = block_sums(packed, filter, b);
            let outs = out_block.iter_mut().zip(sums);
            match QuarterRequant::new(m, s, zp) {
                Some(q) if quarter => {
                    for (px, acc) in outs {
                        if let Some(out) = px.get_mut(oc) {
                            *out = q.saturate(acc);
                        }
                    }
                }
                _ => {
                    for (px, acc) in outs {
                        if let Some(out) = px.get_mut(oc) {
                            *out = requantize_out_of_line(acc, m, s, zp, act);
                        }
                    }
                }
            }
        }
    }
}

/// `bias + Σ window · filter` for the four pixels packed in `packed`.
#[inline(always)]
fn block_sums(packed: &[u64], filter: &[i8], bias: i32) -> [i32; 4] {
    let mut sums = [bias; 4];
    let runs = packed.chunks(LANE_TERMS).zip(filter.chunks(LANE_TERMS));
    for (run, w) in runs {
        let [a, b] = dot_1x2(run, w);
        let (p0, p1) = lanes(a);
        let (p2, p3) = lanes(b);
        for (s, p) in sums.iter_mut().zip([p0, p1, p2, p3]) {
            *s = s.wrapping_add(p);
        }
    }
    sums
}

/// Per-channel quantized depthwise 2-D convolution (TFLite
/// `DEPTHWISE_CONV_2D` with `int8` tensors): input channel `ic` produces
/// output channels `ic * M + m`; `input` `[IH][IW][IC]`, `weights`
/// `[1][KH][KW][OC]`, `output` `[OH][OW][OC]`, as in
/// [`crate::conv::depthwise_conv2d`].
///
/// `bias` must be the folded bias of the [module contract](self).
#[allow(clippy::too_many_arguments)]
pub fn depthwise_conv2d_per_channel<
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
    input: &[i8; IN],
    weights: &[i8; WN],
    bias: &[i32; OC],
    multipliers: &[i32; OC],
    shifts: &[i32; OC],
    output: &mut [i8; OUT],
    quant: ConvQuant,
) {
    const {
        assert!(
            IC > 0 && M > 0,
            "depthwise_conv2d_per_channel: IC and M must be positive"
        );
        assert!(
            OC == IC * M,
            "depthwise_conv2d_per_channel: OC must be IC * M"
        );
        assert!(
            IN == IH * IW * IC,
            "depthwise_conv2d_per_channel: IN must be IH * IW * IC"
        );
        assert!(
            OUT == OH * OW * OC,
            "depthwise_conv2d_per_channel: OUT must be OH * OW * OC"
        );
        assert!(
            WN == KH * KW * OC,
            "depthwise_conv2d_per_channel: WN must be KH * KW * IC * M"
        );
        assert!(
            window2d_fits::<IH, IW, OH, OW, KH, KW, SH, SW, PT, PL>(),
            "depthwise_conv2d_per_channel: the windows (OH, OW, KH, KW, SH, SW, PT, PL) do not tile the input (IH, IW)"
        );
    };
    let pad_value = quant.input_offset.wrapping_neg();
    // Padded columns one strip of output rows reads; at least two output
    // rows per strip; two kernel rows at least (each window's sums are
    // written back over its first two packed rows); sums short enough for
    // the lanes.
    let plane_path = const {
        let plane_width = (OW - 1) * SW + KW;
        PAIR_PLANE / plane_width >= KH && KH >= 2 && KH * KW <= LANE_TERMS
    };
    if plane_path {
        if let Ok(pad) = i8::try_from(pad_value) {
            depthwise_planes::<IH, IW, IC, OH, OW, M, KH, KW, SH, SW, PT, PL, OC>(
                input,
                weights,
                bias,
                multipliers,
                shifts,
                output,
                pad,
                quant,
            );
        } else {
            // No valid quantization comes here: one shared copy.
            let geometry = Geometry {
                input: [IH, IW, IC],
                output: [OW, OC],
                kernel: [KH, KW],
                stride: [SH, SW],
                pad: [PT, PL],
            };
            depthwise_general(
                input,
                weights,
                bias,
                multipliers,
                shifts,
                output,
                quant,
                M,
                geometry,
            );
        }
        return;
    }
    // Shapes the plane path never takes: the general algorithm with the
    // geometry known to the optimiser.
    let act = (quant.act_min, quant.act_max);
    for (pixel, out_pixel) in output.chunks_exact_mut(OC).enumerate() {
        let rows = Window::new(pixel / OW, SH, PT, KH, IH);
        let cols = Window::new(pixel % OW, SW, PL, KW, IW);
        let padded = rows.len() < KH || cols.len() < KW;
        let requant = bias.iter().zip(multipliers).zip(shifts);
        for (oc, (out, ((&b, &multiplier), &shift))) in
            out_pixel.iter_mut().zip(requant).enumerate()
        {
            let ic = oc / M;
            let mut acc = b;
            let mut inside_weights = 0i32;
            let input_rows = input.chunks_exact(IW * IC);
            for (in_row, weight_row) in rows.zip(input_rows, weights.chunks_exact(KW * OC)) {
                let in_pixels = in_row.chunks_exact(IC);
                for (in_pixel, taps) in cols.zip(in_pixels, weight_row.chunks_exact(OC)) {
                    let w = i32::from(taps[oc]);
                    acc = acc.wrapping_add(i32::from(in_pixel[ic]) * w);
                    inside_weights = inside_weights.wrapping_add(w);
                }
            }
            if padded {
                let all_weights = weight_sum(weights.iter().skip(oc).step_by(OC));
                let padded_weights = all_weights.wrapping_sub(inside_weights);
                acc = acc.wrapping_add(padded_weights.wrapping_mul(pad_value));
            }
            *out = requantize(acc, multiplier, shift, quant.output_offset, act);
        }
    }
}

/// Packed values (`i32`) of the buffer that holds a plane's row pairs.
const PAIR_PLANE: usize = 192;

/// [`depthwise_conv2d_per_channel`] one input channel at a time: its plane
/// (a strip of rows at a time when it is large), padding included, is
/// copied into a contiguous stack buffer, then packed by pairs of output
/// rows ([`super::packed`]): the value at padded row `r` holds rows `r` and
/// `r + SH`, so that one multiply by a weight serves two outputs, one above
/// the other. Every output then reads its window at fixed offsets without a
/// padding test, with the channel's weights and requantization loaded once.
/// Padding holds `pad` (the input zero point), so the folded bias needs no
/// correction.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn depthwise_planes<
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
    let full_range = act == (i8::MIN, i8::MAX);
    let zp = quant.output_offset;
    let width = const { (OW - 1) * SW + KW };
    // Output rows per strip, even: the most whose packed rows fit;
    // computed at compile time, with the number of strips (saturating:
    // shapes that do not fit never get here).
    let strip = const { ((PAIR_PLANE / ((OW - 1) * SW + KW)).saturating_sub(KH) / SH + 2) & !1 };
    let strips = const {
        let strip = ((PAIR_PLANE / ((OW - 1) * SW + KW)).saturating_sub(KH) / SH + 2) & !1;
        OH.div_ceil(if strip > 0 { strip } else { 1 })
    };
    let mut pair_plane = [0i32; PAIR_PLANE];
    for ic in 0..IC {
        for first_row in (0..strips).map(|s| s * strip) {
            let rows = strip.min(OH - first_row);
            // Row pairs start at even output rows; an odd last row pairs
            // with a row past the strip, computed from padding and dropped.
            let pair_rows = (rows.div_ceil(2) * 2 - 2) * SH + KH;
            let used = pair_rows * width;
            if used > PAIR_PLANE {
                continue;
            }
            for oc in ic * M..(ic + 1) * M {
                // Packed afresh for each output channel: the sums overwrite
                // the packed rows.
                let pairs = pair_plane.get_mut(..used).unwrap_or_default();
                pack_plane::<IH, IW, IC, SH, PT, PL>(input, ic, first_row * SH, pad, pairs, width);
                let (Some(&b), Some(&m), Some(&s)) =
                    (bias.get(oc), multipliers.get(oc), shifts.get(oc))
                else {
                    continue;
                };
                let mut taps = [[0i32; KW]; KH];
                for (ky, row) in taps.iter_mut().enumerate() {
                    for (kx, w) in row.iter_mut().enumerate() {
                        *w = weights
                            .get((ky * KW + kx) * OC + oc)
                            .map_or(0, |&w| i32::from(w));
                    }
                }
                let quarter = QuarterRequant::new(m, s, zp).filter(|_| full_range);
                let pairs_of_rows = rows.div_ceil(2);
                depthwise_sums::<OW, KH, KW, SH, SW>(&mut pair_plane, &taps, pairs_of_rows);
                let pairs = &pair_plane[..used.min(PAIR_PLANE)];
                // Requantize both rows of each pair.
                let row_len = OW * OC;
                for pair in 0..pairs_of_rows {
                    let oy = first_row + 2 * pair;
                    let row_start = 2 * pair * SH * width;
                    let Some(accs) = pairs.get(row_start..row_start + 2 * width) else {
                        continue;
                    };
                    let (lows, highs) = accs.split_at(width);
                    let accs = lows.iter().zip(highs).step_by(SW).take(OW);
                    let rows_out = output.get_mut(oy * row_len..).unwrap_or_default();
                    let (top, bottom) = rows_out.split_at_mut(row_len.min(rows_out.len()));
                    let top = top.iter_mut().skip(oc).step_by(OC);
                    let requant = |acc: i32| match quarter {
                        Some(q) => q.saturate(acc),
                        None => requantize_out_of_line(acc, m, s, zp, act),
                    };
                    if 2 * pair + 1 < rows {
                        let bottom = bottom.iter_mut().skip(oc).step_by(OC);
                        for (((&low, &high), top), bottom) in accs.zip(top).zip(bottom) {
                            let (s0, s1) = lanes((i64::from(high) << 32) | i64::from(low as u32));
                            *top = requant(b.wrapping_add(s0));
                            *bottom = requant(b.wrapping_add(s1));
                        }
                    } else {
                        for ((&low, &high), top) in accs.zip(top) {
                            let (s0, _) = lanes((i64::from(high) << 32) | i64::from(low as u32));
                            *top = requant(b.wrapping_add(s0));
                        }
                    }
                }
            }
        }
    }
}

/// One input channel's padded plane, packed by pairs of rows into `pairs`
/// (`width` values a row): packed row `r` holds padded rows `r` and
/// `r + SH`, padded row `r` being input row `first + r − PT`; padding
/// holds `pad`.
#[inline(always)]
fn pack_plane<
    const IH: usize,
    const IW: usize,
    const IC: usize,
    const SH: usize,
    const PT: usize,
    const PL: usize,
>(
    input: &[i8],
    ic: usize,
    first: usize,
    pad: i8,
    pairs: &mut [i32],
    width: usize,
) {
    pairs.fill(pack(pad, pad));
    let input_row = |r: usize| {
        let iy = (first + r).checked_sub(PT).filter(|&iy| iy < IH)?;
        input.get(iy * IW * IC..(iy + 1) * IW * IC)
    };
    fn channel<const IC: usize>(row: &[i8], ic: usize, pad: i8) -> impl Iterator<Item = i8> + '_ {
        let values = row.chunks_exact(IC);
        values.map(move |pixel| pixel.get(ic).copied().unwrap_or(pad))
    }
    let channel = |row| channel::<IC>(row, ic, pad);
    // An opaque row count keeps this a loop over rows: unrolled whole, it
    // kept a pointer per pixel, spilled to the stack.
    let rows = black_box(pairs.len() / width);
    for (r, packed) in pairs.chunks_exact_mut(width).enumerate().take(rows) {
        let packed = packed.iter_mut().skip(PL).take(IW);
        match (input_row(r), input_row(r + SH)) {
            (Some(upper), Some(lower)) => {
                for (p, (x0, x1)) in packed.zip(channel(upper).zip(channel(lower))) {
                    *p = pack(x0, x1);
                }
            }
            (Some(upper), None) => {
                for (p, x0) in packed.zip(channel(upper)) {
                    *p = pack(x0, pad);
                }
            }
            (None, Some(lower)) => {
                for (p, x1) in packed.zip(channel(lower)) {
                    *p = pack(pad, x1);
                }
            }
            (None, None) => {}
        }
    }
}

/// The multiply-accumulate pass of [`depthwise_conv2d_per_channel`]'s plane
/// path: for each window of two vertically adjacent outputs (`pair_rows`
/// pairs of output rows, `OW` windows each) in the packed rows `pairs`, the
/// 64-bit lane sum of its taps times `taps`, written back over the window's
/// first tap of both packed rows, which no later window reads (windows go
/// forward in rows and columns).
///
/// Not inlined: on its own, the loop keeps the weights in registers. The
/// geometry is const generic so that every tap sits at a fixed offset (a
/// helper shared by layers of different shapes would compute them).
#[inline(never)]
fn depthwise_sums<
    const OW: usize,
    const KH: usize,
    const KW: usize,
    const SH: usize,
    const SW: usize,
>(
    pairs: &mut [i32; PAIR_PLANE],
    taps: &[[i32; KW]; KH],
    pair_rows: usize,
) {
    let width = (OW - 1) * SW + KW;
    let (row_step, columns, column_step) = (2 * SH * width, OW, SW);
    let taps = *taps;
    let span = (KH - 1) * width + KW;
    // The most pairs of rows whose windows all lie in the buffer (the
    // caller's strips never exceed it): bounding the loop by it lets the
    // optimiser drop every window's bounds test.
    let max_pairs = (PAIR_PLANE - (columns - 1) * column_step - span) / row_step + 1;
    for row_start in (0..pair_rows.min(max_pairs)).map(|pair| pair * row_step) {
        for start in (0..columns).map(|ox| row_start + ox * column_step) {
            let Some(window) = pairs.get(start..start + span) else {
                continue;
            };
            let mut acc = LANE_BIAS;
            for (ky, row) in taps.iter().enumerate() {
                for (kx, &w) in row.iter().enumerate() {
                    let x = window.get(ky * width + kx).map_or(0, |&x| x);
                    acc = acc.wrapping_add(i64::from(x) * i64::from(w));
                }
            }
            if let Some([low, .., high]) = pairs.get_mut(start..=start + width) {
                *low = acc as i32;
                *high = (acc >> 32) as i32;
            }
            // No instruction: keeps the optimiser from carrying inputs from
            // one window to the next in registers, which costs the weights
            // theirs.
            compiler_fence(Ordering::SeqCst);
        }
    }
}

/// The geometry of a convolution, for the general paths.
#[derive(Clone, Copy)]
struct Geometry {
    /// `[IH, IW, IC]`.
    input: [usize; 3],
    /// `[OW, OC]` (the output rows follow from the output's length).
    output: [usize; 2],
    /// `[KH, KW]`.
    kernel: [usize; 2],
    /// `[SH, SW]`.
    stride: [usize; 2],
    /// `[PT, PL]`.
    pad: [usize; 2],
}

/// [`conv2d_per_channel`] for the shapes and quantization its packed path
/// does not take, with the geometry at run time: one copy serves every
/// shape. Padded taps are corrected per window (`input_offset` may be any
/// `i32` here).
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn conv2d_general(
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

/// [`depthwise_conv2d_per_channel`] for the shapes and quantization its
/// plane path does not take, with the geometry at run time (see
/// [`conv2d_general`]).
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn depthwise_general(
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
