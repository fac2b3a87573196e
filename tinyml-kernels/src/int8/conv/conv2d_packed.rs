//! The packed fast path of [`conv2d_per_channel`]: four output pixels at a
//! time, their windows packed two by two in 64-bit lanes
//! ([`crate::int8::packed`]), for kernels of at most [`PACKED_TAPS`] taps
//! and layers of at least four output pixels ([`packs`]). The other shapes
//! take the general loop of `conv2d.rs`.
//!
//! [`conv2d_per_channel`]: super::conv2d_per_channel

use super::{ConvQuant, InOut};
use crate::geometry::Window;
use crate::int8::clamp_i8;
use crate::int8::packed::{LANE_TERMS, dot_pairs, lanes, pack, pack_pairs};
use crate::int8::requant::{QuarterRequant, Requant};

/// The largest `KH · KW · IC` that [`conv2d_packed`] packs (its stack
/// buffers hold 12 bytes per tap, 8 for a 1x1 kernel).
const PACKED_TAPS: usize = 256;

/// Whether [`conv2d_packed`] takes a layer of `pixels` output pixels
/// (`OH · OW`) and windows of `taps` taps (`KH · KW · IC`): a const test, so
/// that a kernel compiles only one of the two loops.
pub(super) const fn packs(pixels: usize, taps: usize) -> bool {
    pixels >= 4 && taps <= PACKED_TAPS
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
pub(super) fn im2col<
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

/// [`conv2d_per_channel`](super::conv2d_per_channel) for the shapes that
/// [`packs`] takes: four output pixels at a time, their windows packed in
/// pairs ([`crate::int8::packed`]), each output channel's weights over the
/// packed windows, so that each weight load feeds four products in two
/// `SMLAL`s; eight pixels at a time (each weight load feeding eight
/// products) where [`packs_eight`] allows.
/// Padding holds `pad` (the input zero point), so the folded bias needs no
/// correction.
///
/// `io` holds the input and receives the output: two buffers, or one
/// (in place) for a 1x1 kernel without padding, stride 1 and no more output
/// channels than input channels ([`super::conv2d_in_place`]): each block
/// packs its pixels' inputs before it writes their outputs, which end
/// before the next block's inputs begin.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(super) fn conv2d_packed<
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
    io: impl InOut,
    weights: &[i8],
    bias: &[i32; OC],
    multipliers: &[i32; OC],
    shifts: &[i32; OC],
    pad: i8,
    quant: ConvQuant,
) {
    if const { packs_eight(OH * OW, KH * KW * IC) } {
        conv2d_blocks::<IH, IW, IC, OH, OW, OC, KH, KW, SH, SW, PT, PL, 2, _>(
            io,
            weights,
            bias,
            multipliers,
            shifts,
            pad,
            quant,
        );
    } else {
        conv2d_blocks::<IH, IW, IC, OH, OW, OC, KH, KW, SH, SW, PT, PL, 1, _>(
            io,
            weights,
            bias,
            multipliers,
            shifts,
            pad,
            quant,
        );
    }
}

/// The most taps that [`conv2d_packed`] packs eight pixels of: their packed
/// windows take 16 bytes a tap of stack.
const EIGHT_TAPS: usize = 128;

/// Whether [`conv2d_packed`] takes eight pixels at a time.
const fn packs_eight(pixels: usize, taps: usize) -> bool {
    pixels >= 8 && taps <= EIGHT_TAPS
}

/// [`conv2d_packed`] with `4 · PAIRS` output pixels per block.
///
/// Not inlined: its window and packed buffers then live in its own stack
/// frame, one layer's at a time, instead of side by side in the frame of a
/// model's `predict`.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn conv2d_blocks<
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
    const PAIRS: usize,
    IO: InOut,
>(
    mut io: IO,
    weights: &[i8],
    bias: &[i32; OC],
    multipliers: &[i32; OC],
    shifts: &[i32; OC],
    pad: i8,
    quant: ConvQuant,
) {
    let pixels = OH * OW;
    let block_pixels = 4 * PAIRS;
    // A 1x1 kernel without padding reads its window straight from the input.
    let direct = KH == 1 && KW == 1 && PT == 0 && PL == 0;
    let mut windows = [[[[[0i8; IC]; KW]; KH]; 4]; PAIRS];
    let mut packed = [[[[0u64; PAIRS]; IC]; KW]; KH];
    let packed = packed.as_flattened_mut().as_flattened_mut();
    for block in 0..pixels.div_ceil(block_pixels) {
        // With two buffers, the last block ends at the last pixel,
        // overlapping the one before when the pixels do not divide by the
        // block: it writes the same values again. In place, it would read
        // inputs that the block before overwrote: a short last block packs
        // its last pixel again in the missing places instead, and writes
        // only its own pixels.
        let first = if IO::IN_PLACE {
            block * block_pixels
        } else {
            (block * block_pixels).min(pixels - block_pixels)
        };
        let pixel_at = |j: usize| {
            if IO::IN_PLACE {
                (first + j).min(pixels - 1)
            } else {
                first + j
            }
        };
        let input = io.input();
        for (pair, windows) in windows.iter_mut().enumerate() {
            let pair_first = 4 * pair;
            if direct {
                // Packed straight from the four input pixels (no window
                // copy, so no window buffer on the stack either).
                let pixel = |j: usize| {
                    let p = pixel_at(pair_first + j);
                    let start = ((p / OW) * SH * IW + (p % OW) * SW) * IC;
                    input.get(start..start + IC).unwrap_or_default().iter()
                };
                let quads = pixel(0).zip(pixel(1)).zip(pixel(2).zip(pixel(3)));
                for (dst, ((&x0, &x1), (&x2, &x3))) in packed.iter_mut().zip(quads) {
                    if let Some(dst) = dst.get_mut(pair) {
                        *dst = pack_pairs(pack(x0, x1), pack(x2, x3));
                    }
                }
            } else {
                for (j, window) in windows.iter_mut().enumerate() {
                    let pixel = pixel_at(pair_first + j);
                    im2col::<IH, IW, IC, OW, KH, KW, SH, SW, PT, PL>(input, pixel, pad, window);
                }
                let [w0, w1, w2, w3] = &*windows;
                let quads = flat(w0).zip(flat(w1)).zip(flat(w2).zip(flat(w3)));
                for (dst, ((&x0, &x1), (&x2, &x3))) in packed.iter_mut().zip(quads) {
                    if let Some(dst) = dst.get_mut(pair) {
                        *dst = pack_pairs(pack(x0, x1), pack(x2, x3));
                    }
                }
            }
        }

        let (out_pixels, _) = io.output().as_chunks_mut::<OC>();
        let outputs = BlockOutputs {
            packed,
            weights,
            bias,
            multipliers,
            shifts,
            quant,
        };
        // Whole blocks take a loop of constant length.
        let end = first + block_pixels;
        if !IO::IN_PLACE || end <= pixels {
            if let Some(out_block) = out_pixels.get_mut(first..end) {
                outputs.write(out_block);
            }
        } else if let Some(out_block) = out_pixels.get_mut(first..pixels) {
            outputs.write(out_block);
        }
    }
}

/// What a block of [`conv2d_blocks`] needs to write its outputs.
struct BlockOutputs<'a, const PAIRS: usize, const OC: usize> {
    packed: &'a [[u64; PAIRS]],
    weights: &'a [i8],
    bias: &'a [i32; OC],
    multipliers: &'a [i32; OC],
    shifts: &'a [i32; OC],
    quant: ConvQuant,
}

impl<const PAIRS: usize, const OC: usize> BlockOutputs<'_, PAIRS, OC> {
    /// Every output channel of the block's pixels, into `out_block` (the
    /// block's first pixels, all of them but in a short last block).
    #[inline(always)]
    fn write(&self, out_block: &mut [[i8; OC]]) {
        let quant = self.quant;
        let act = (quant.act_min, quant.act_max);
        let zp = quant.output_offset;
        // Usually the activation clamps nothing but `i8`'s range, and every
        // channel takes the short requantization.
        let quarter = act == (i8::MIN, i8::MAX);
        let taps = self.packed.len();
        let requant = self.bias.iter().zip(self.multipliers).zip(self.shifts);
        let filters = self.weights.chunks_exact(taps);
        for (oc, (filter, ((&b, &m), &s))) in filters.zip(requant).enumerate() {
            let sums = block_sums(self.packed, filter, b);
            let outs = out_block.iter_mut().zip(sums.as_flattened());
            match QuarterRequant::new(m, s, zp) {
                Some(q) if quarter => {
                    for (px, &acc) in outs {
                        if let Some(out) = px.get_mut(oc) {
                            *out = q.saturate(acc);
                        }
                    }
                }
                _ => {
                    // Channels with a multiplier beyond the short form's
                    // (dead channels have tiny ones), prepared once.
                    let requant = Requant::new(m, s);
                    for (px, &acc) in outs {
                        if let Some(out) = px.get_mut(oc) {
                            *out = clamp_i8(requant.apply(acc).wrapping_add(zp), act);
                        }
                    }
                }
            }
        }
    }
}

/// `bias + Σ window · filter` for the `4 · PAIRS` pixels packed in `packed`.
#[inline(always)]
fn block_sums<const PAIRS: usize>(
    packed: &[[u64; PAIRS]],
    filter: &[i8],
    bias: i32,
) -> [[i32; 4]; PAIRS] {
    let mut sums = [[bias; 4]; PAIRS];
    let runs = packed.chunks(LANE_TERMS).zip(filter.chunks(LANE_TERMS));
    for (run, w) in runs {
        for (sums, [a, b]) in sums.iter_mut().zip(dot_pairs(run, w)) {
            let (p0, p1) = lanes(a);
            let (p2, p3) = lanes(b);
            for (s, p) in sums.iter_mut().zip([p0, p1, p2, p3]) {
                *s = s.wrapping_add(p);
            }
        }
    }
    sums
}
