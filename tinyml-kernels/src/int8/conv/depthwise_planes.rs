//! The plane fast path of [`depthwise_conv2d_per_channel`]: each input
//! channel's plane, a strip of rows at a time, packed by pairs of rows in
//! 64-bit lanes ([`crate::int8::packed`]), two outputs, one above the other,
//! per multiply; for the shapes that [`planes_fit`] takes. The others take
//! the general loop of `depthwise.rs`.
//!
//! [`depthwise_conv2d_per_channel`]: super::depthwise_conv2d_per_channel

use super::{ConvQuant, InOut};
use crate::int8::packed::{LANE_BIAS, LANE_TERMS, lanes, pack};
use crate::int8::requant::QuarterRequant;
use crate::int8::requantize_out_of_line;
use core::hint::black_box;
use core::sync::atomic::{Ordering, compiler_fence};

/// Packed values (`i32`) of the buffer that holds a plane's row pairs.
const PAIR_PLANE: usize = 192;

/// Whether [`depthwise_planes`] takes a layer of `ow` output columns,
/// `kh × kw` kernels and column stride `sw` (a const test, so that a kernel
/// compiles only one of the two loops): the padded columns that a strip of
/// output rows reads, at least two output rows per strip ([`strip_rows`]);
/// two kernel rows at least (each window's sums are written back over its
/// first two packed rows); sums short enough for the lanes.
pub(super) const fn planes_fit(ow: usize, kh: usize, kw: usize, sw: usize) -> bool {
    PAIR_PLANE / plane_width(ow, kw, sw) >= kh && kh >= 2 && kh * kw <= LANE_TERMS
}

/// Whether [`depthwise_planes`] packs a whole plane of `oh × ow` outputs
/// at once (one strip), for the shapes that [`planes_fit`] takes.
pub(super) const fn plane_in_one_strip(
    oh: usize,
    ow: usize,
    kh: usize,
    kw: usize,
    sh: usize,
    sw: usize,
) -> bool {
    planes_fit(ow, kh, kw, sw) && oh <= strip_rows(plane_width(ow, kw, sw), kh, sh)
}

/// The padded columns that `ow` outputs of `kw` taps, stride `sw`, read.
const fn plane_width(ow: usize, kw: usize, sw: usize) -> usize {
    (ow - 1) * sw + kw
}

/// Output rows per strip, even: the most whose packed rows (`width` values
/// each) fit [`PAIR_PLANE`] (saturating: shapes that do not fit never get
/// here).
const fn strip_rows(width: usize, kh: usize, sh: usize) -> usize {
    ((PAIR_PLANE / width).saturating_sub(kh) / sh + 2) & !1
}

/// [`depthwise_conv2d_per_channel`](super::depthwise_conv2d_per_channel) one
/// input channel at a time: its plane (a strip of rows at a time when it is
/// large), padding included, is copied into a contiguous stack buffer, then
/// packed by pairs of output rows ([`crate::int8::packed`]): the value at
/// padded row `r` holds rows `r` and `r + SH`, so that one multiply by a
/// weight serves two outputs, one above the other. Every output then reads
/// its window at fixed offsets without a padding test, with the channel's
/// weights and requantization loaded once. Padding holds `pad` (the input
/// zero point), so the folded bias needs no correction.
///
/// `io` holds the input and receives the output: two buffers, or one (in
/// place) when the depth multiplier is 1 and the plane is one strip
/// ([`plane_in_one_strip`]): channel `ic`'s outputs then overwrite only
/// channel `ic`'s inputs, all packed before.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(super) fn depthwise_planes<
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
    mut io: impl InOut,
    weights: &[i8],
    bias: &[i32; OC],
    multipliers: &[i32; OC],
    shifts: &[i32; OC],
    pad: i8,
    quant: ConvQuant,
) {
    let act = (quant.act_min, quant.act_max);
    let full_range = act == (i8::MIN, i8::MAX);
    let zp = quant.output_offset;
    let width = const { plane_width(OW, KW, SW) };
    // Computed at compile time.
    let strip = const { strip_rows(plane_width(OW, KW, SW), KH, SH) };
    let strips = const { OH.div_ceil(strip_rows(plane_width(OW, KW, SW), KH, SH)) };
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
                pack_plane::<IH, IW, IC, SH, PT, PL>(
                    io.input(),
                    ic,
                    first_row * SH,
                    pad,
                    pairs,
                    width,
                );
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
                let output = io.output();
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

/// The multiply-accumulate pass of [`depthwise_planes`]: for each window of two vertically adjacent outputs (`pair_rows`
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
    let width = const { plane_width(OW, KW, SW) };
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
