//! 2-D convolutions: regular and depthwise.
//!
//! Tensors are HWC arrays (NHWC without the batch dimension). Padding
//! positions contribute nothing, as zero padding would. Each output is
//! `clamp(from_acc((Σ input · weight) + bias))`, accumulated in
//! [`Element::Acc`] and rounded once.

use crate::geometry::{Window, window2d_fits};
use crate::{Clamp, Element};

/// Regular 2-D convolution (TensorFlow Lite `CONV_2D`).
///
/// `input` is `[IH][IW][IC]`, `weights` is OHWI `[OC][KH][KW][IC]`, `output`
/// is `[OH][OW][OC]`. `SH`/`SW` are the strides and `PT`/`PL` the padding
/// rows above and columns left of the input; padding after the input is
/// implied by `OH`/`OW`.
///
/// ```
/// use tinyml_kernels::{Clamp, conv::conv2d};
///
/// // 3x3 input, one channel; 2x2 kernel summing its window; `valid`.
/// let input = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0];
/// let mut output = [0.0; 4];
/// conv2d::<f32, 3, 3, 1, 2, 2, 1, 2, 2, 1, 1, 0, 0, 9, 4, 4>(
///     &input, &[1.0; 4], &[0.5], &mut output, Clamp::none(),
/// );
/// assert_eq!(output, [12.5, 16.5, 24.5, 28.5]);
/// ```
///
/// Shapes that do not fit are compile errors:
///
/// ```compile_fail
/// # use tinyml_kernels::{Clamp, conv::conv2d};
/// // OH = OW = 4 does not fit a 3x3 input and a 2x2 kernel with no
/// // padding before (3 would: `same`; 2 too: `valid`).
/// let mut output = [0.0f32; 16];
/// conv2d::<f32, 3, 3, 1, 4, 4, 1, 2, 2, 1, 1, 0, 0, 9, 16, 4>(
///     &[0.0; 9], &[1.0; 4], &[0.5], &mut output, Clamp::none(),
/// );
/// ```
pub fn conv2d<
    T: Element,
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
    input: &[T; IN],
    weights: &[T; WN],
    bias: &[T; OC],
    output: &mut [T; OUT],
    clamp: Clamp<T>,
) {
    const {
        assert!(IC > 0 && OC > 0, "conv2d: channel counts must be positive");
        assert!(IN == IH * IW * IC, "conv2d: IN must be IH * IW * IC");
        assert!(OUT == OH * OW * OC, "conv2d: OUT must be OH * OW * OC");
        assert!(
            WN == OC * KH * KW * IC,
            "conv2d: WN must be OC * KH * KW * IC"
        );
        assert!(
            window2d_fits([IH, IW], [OH, OW], [KH, KW], [SH, SW], [PT, PL]),
            "conv2d: the windows (OH, OW, KH, KW, SH, SW, PT, PL) do not tile the input (IH, IW)"
        );
        assert!(
            (KH * KW * IC) as u64 <= T::MAX_FAN_IN,
            "conv2d: fan-in overflows the accumulator"
        );
    };
    if KH == 1 && KW == 1 && SH == 1 && SW == 1 && IH == OH && IW == OW {
        // Pointwise: pixels are independent rows, so tiles of pixels share
        // each weight load too.
        let pixels = input.as_chunks::<IC>().0;
        let filters = weights.as_chunks::<IC>().0;
        let out_pixels = output.as_chunks_mut::<OC>().0;
        if T::TILE_PIXELS {
            pointwise::<T, IC, OC, PIXELS>(pixels, filters, bias, out_pixels, clamp);
        } else {
            pointwise::<T, IC, OC, 1>(pixels, filters, bias, out_pixels, clamp);
        }
        return;
    }
    // Filters as arrays (every offset a constant), `BLOCK` output channels
    // per pass over a window: each input value loaded once feeds them all.
    let filters = weights
        .as_chunks::<IC>()
        .0
        .as_chunks::<KW>()
        .0
        .as_chunks::<KH>()
        .0;
    let (filter_blocks, filter_rest) = filters.as_chunks::<BLOCK>();
    let out_pixels = output.as_chunks_mut::<OC>().0;
    let mut oy = 0;
    while oy < OH {
        // Tiles of `PIXELS` output rows whose windows lie wholly inside the
        // input rows, one column at a time: each weight loaded once per tile.
        let full_rows = |y| Window::new(y, SH, PT, KH, IH).len() == KH;
        if T::TILE_PIXELS && oy + PIXELS <= OH && (oy..oy + PIXELS).all(full_rows) {
            for ox in 0..OW {
                let cols = Window::new(ox, SW, PL, KW, IW);
                let rows = tile_rows::<T, IW, IC, KH, SH, PT, IH>(input, oy, &cols);
                for (block, filters) in filter_blocks.iter().enumerate() {
                    let sums = column_tile_sums(&rows, cols.first_tap(), filters);
                    for (p, sums) in sums.iter().enumerate() {
                        if let Some(out) = out_pixels.get_mut((oy + p) * OW + ox) {
                            finish(out, block * BLOCK, sums, bias, clamp);
                        }
                    }
                }
                let first = filter_blocks.len() * BLOCK;
                for p in 0..PIXELS {
                    let rows = Window::new(oy + p, SH, PT, KH, IH);
                    if let Some(out) = out_pixels.get_mut((oy + p) * OW + ox) {
                        for (oc, filter) in (first..).zip(filter_rest) {
                            let filters = core::array::from_ref(filter);
                            let sums =
                                window_sums::<T, IW, IC, KH, KW, 1>(input, &rows, &cols, filters);
                            finish(out, oc, &sums, bias, clamp);
                        }
                    }
                }
            }
            oy += PIXELS;
            continue;
        }
        let rows = Window::new(oy, SH, PT, KH, IH);
        for ox in 0..OW {
            let cols = Window::new(ox, SW, PL, KW, IW);
            let Some(out) = out_pixels.get_mut(oy * OW + ox) else {
                continue;
            };
            for (block, filters) in filter_blocks.iter().enumerate() {
                let sums = window_sums::<T, IW, IC, KH, KW, BLOCK>(input, &rows, &cols, filters);
                finish(out, block * BLOCK, &sums, bias, clamp);
            }
            let first = filter_blocks.len() * BLOCK;
            for (oc, filter) in (first..).zip(filter_rest) {
                let filters = core::array::from_ref(filter);
                let sums = window_sums::<T, IW, IC, KH, KW, 1>(input, &rows, &cols, filters);
                finish(out, oc, &sums, bias, clamp);
            }
        }
        oy += 1;
    }
}

/// Writes output channels `first..first + R` of one pixel from their sums.
#[inline(always)]
fn finish<T: Element, const OC: usize, const R: usize>(
    out: &mut [T; OC],
    first: usize,
    sums: &[T::Acc; R],
    bias: &[T; OC],
    clamp: Clamp<T>,
) {
    let outs = out.iter_mut().skip(first);
    for ((out, &sum), &b) in outs.zip(sums).zip(bias.iter().skip(first)) {
        *out = clamp.apply(T::from_acc(T::add_bias(sum, b)));
    }
}

/// The items of four iterators, side by side.
#[inline(always)]
fn zip4<I: Iterator>([a, b, c, d]: [I; 4]) -> impl Iterator<Item = [I::Item; 4]> {
    a.zip(b).zip(c).zip(d).map(|(((a, b), c), d)| [a, b, c, d])
}

/// The input that the windows of a column tile read: for each kernel row,
/// for each of the [`PIXELS`] output rows `oy..oy + PIXELS` (every row of
/// their windows on the input), its input row's pixels under the column
/// window `cols`. Taken once per tile, for all its blocks of channels.
#[inline(always)]
fn tile_rows<
    'a,
    T: Element,
    const IW: usize,
    const IC: usize,
    const KH: usize,
    const SH: usize,
    const PT: usize,
    const IH: usize,
>(
    input: &'a [T],
    oy: usize,
    cols: &Window,
) -> [[&'a [[T; IC]]; PIXELS]; KH] {
    let in_rows = input.chunks_exact(IW * IC);
    let first_rows: [usize; PIXELS] =
        core::array::from_fn(|p| Window::new(oy + p, SH, PT, KH, IH).first_input());
    core::array::from_fn(|ky| {
        first_rows.map(|row| {
            let pixels = in_rows.clone().nth(row + ky).map(|r| r.as_chunks::<IC>().0);
            let on_window = pixels.and_then(|p| p.get(cols.first_input()..)?.get(..cols.len()));
            on_window.unwrap_or_default()
        })
    })
}

/// The sums of the [`PIXELS`] windows of a column tile (their input `rows`
/// from [`tile_rows`], kernel columns from `first_tap`) with each of
/// [`BLOCK`] filters, each in the window's order (rows, columns, channels)
/// as [`window_sums`] takes it, so the same bits.
#[inline(always)]
fn column_tile_sums<T: Element, const IC: usize, const KH: usize, const KW: usize>(
    rows: &[[&[[T; IC]]; PIXELS]; KH],
    first_tap: usize,
    filters: &[[[[T; IC]; KW]; KH]; BLOCK],
) -> [[T::Acc; BLOCK]; PIXELS] {
    let mut acc = [[T::mac_zero(); BLOCK]; PIXELS];
    for (ky, rows) in rows.iter().enumerate() {
        let pixels = zip4(rows.map(|row| row.iter()));
        let taps = zip4(
            filters
                .each_ref()
                .map(|filter| filter[ky].iter().skip(first_tap)),
        );
        for (xs, ws) in pixels.zip(taps) {
            for c in 0..IC {
                let xs = xs.map(|pixel| pixel[c]);
                let ws = ws.map(|tap| tap[c]);
                for (acc, &x) in acc.iter_mut().zip(&xs) {
                    for (acc, &w) in acc.iter_mut().zip(&ws) {
                        *acc = T::mac(*acc, x, w);
                    }
                }
            }
        }
    }
    acc
}

/// Output channels per pass of [`conv2d`]: four accumulators stay in
/// registers (on a Cortex-M4F, four `f32` sums, one input and a weight).
const BLOCK: usize = 4;

/// Pixels per pass of a pointwise [`conv2d`] where [`Element::TILE_PIXELS`]:
/// a tile of 4 × [`BLOCK`] sums takes 8 loads per 16 MACs (on a Cortex-M4F,
/// 16 accumulators, 4 inputs and 4 weights of its 32 `s` registers).
const PIXELS: usize = 4;

/// A 1x1 convolution of stride 1 (every window one pixel): `P` pixels times
/// [`BLOCK`] output channels per pass over the input channels.
#[inline(always)]
fn pointwise<T: Element, const IC: usize, const OC: usize, const P: usize>(
    pixels: &[[T; IC]],
    filters: &[[T; IC]],
    bias: &[T; OC],
    output: &mut [[T; OC]],
    clamp: Clamp<T>,
) {
    let (filter_blocks, filter_rest) = filters.as_chunks::<BLOCK>();
    let (tiles, rest) = pixels.as_chunks::<P>();
    let (out_tiles, out_rest) = output.as_chunks_mut::<P>();
    for (tile, out_tile) in tiles.iter().zip(out_tiles) {
        pointwise_tile(tile, filter_blocks, filter_rest, bias, out_tile, clamp);
    }
    for (pixel, out_pixel) in rest.iter().zip(out_rest) {
        let (tile, out_tile) = (
            core::array::from_ref(pixel),
            core::array::from_mut(out_pixel),
        );
        pointwise_tile(tile, filter_blocks, filter_rest, bias, out_tile, clamp);
    }
}

/// All output channels of the `P` pixels of one tile.
#[inline(always)]
fn pointwise_tile<T: Element, const IC: usize, const OC: usize, const P: usize>(
    tile: &[[T; IC]; P],
    filter_blocks: &[[[T; IC]; BLOCK]],
    filter_rest: &[[T; IC]],
    bias: &[T; OC],
    out_tile: &mut [[T; OC]; P],
    clamp: Clamp<T>,
) {
    for (block, filters) in filter_blocks.iter().enumerate() {
        let sums = tile_sums(tile, filters);
        finish_tile(out_tile, block * BLOCK, &sums, bias, clamp);
    }
    let first = filter_blocks.len() * BLOCK;
    for (oc, filter) in (first..).zip(filter_rest) {
        let sums = tile_sums(tile, core::array::from_ref(filter));
        finish_tile(out_tile, oc, &sums, bias, clamp);
    }
}

/// The sums of each of `P` pixels with each of `R` filters, each over the
/// channels in order, so each rounds as a one-pixel, one-filter loop would.
#[inline(always)]
fn tile_sums<T: Element, const IC: usize, const P: usize, const R: usize>(
    pixels: &[[T; IC]; P],
    filters: &[[T; IC]; R],
) -> [[T::Acc; R]; P] {
    let mut acc = [[T::mac_zero(); R]; P];
    for c in 0..IC {
        let xs: [T; P] = core::array::from_fn(|p| pixels[p][c]);
        let ws: [T; R] = core::array::from_fn(|r| filters[r][c]);
        for (acc, &x) in acc.iter_mut().zip(&xs) {
            for (acc, &w) in acc.iter_mut().zip(&ws) {
                *acc = T::mac(*acc, x, w);
            }
        }
    }
    acc
}

/// Writes output channels `first..first + R` of the `P` pixels of a tile.
#[inline(always)]
fn finish_tile<T: Element, const OC: usize, const P: usize, const R: usize>(
    out_tile: &mut [[T; OC]; P],
    first: usize,
    sums: &[[T::Acc; R]; P],
    bias: &[T; OC],
    clamp: Clamp<T>,
) {
    for (out, sums) in out_tile.iter_mut().zip(sums) {
        finish(out, first, sums, bias, clamp);
    }
}

/// The sums of products of one window with each of `R` filters, in the
/// window's order (rows, columns, channels), so each sum rounds as a
/// one-filter loop would.
#[inline(always)]
fn window_sums<
    T: Element,
    const IW: usize,
    const IC: usize,
    const KH: usize,
    const KW: usize,
    const R: usize,
>(
    input: &[T],
    rows: &Window,
    cols: &Window,
    filters: &[[[[T; IC]; KW]; KH]; R],
) -> [T::Acc; R] {
    let mut acc = [T::mac_zero(); R];
    for (in_row, ky) in rows.zip(input.chunks_exact(IW * IC), 0..KH) {
        for (in_pixel, kx) in cols.zip(in_row.as_chunks::<IC>().0.iter(), 0..KW) {
            for (c, &x) in in_pixel.iter().enumerate() {
                for (acc, filter) in acc.iter_mut().zip(filters) {
                    let w = filter
                        .get(ky)
                        .and_then(|row| row.get(kx))
                        .and_then(|tap| tap.get(c));
                    if let Some(&w) = w {
                        *acc = T::mac(*acc, x, w);
                    }
                }
            }
        }
    }
    acc
}

/// Depthwise 2-D convolution (TensorFlow Lite `DEPTHWISE_CONV_2D`).
///
/// Input channel `ic` produces the `M` output channels `ic * M + m`
/// (`M` is the depth multiplier, `OC == IC * M`). `input` is
/// `[IH][IW][IC]`, `weights` is `[1][KH][KW][OC]`, `output` is
/// `[OH][OW][OC]`; strides and padding as in [`conv2d`].
pub fn depthwise_conv2d<
    T: Element,
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
    input: &[T; IN],
    weights: &[T; WN],
    bias: &[T; OC],
    output: &mut [T; OUT],
    clamp: Clamp<T>,
) {
    const {
        assert!(
            IC > 0 && M > 0,
            "depthwise_conv2d: IC and M must be positive"
        );
        assert!(OC == IC * M, "depthwise_conv2d: OC must be IC * M");
        assert!(
            IN == IH * IW * IC,
            "depthwise_conv2d: IN must be IH * IW * IC"
        );
        assert!(
            OUT == OH * OW * OC,
            "depthwise_conv2d: OUT must be OH * OW * OC"
        );
        assert!(
            WN == KH * KW * OC,
            "depthwise_conv2d: WN must be KH * KW * IC * M"
        );
        assert!(
            window2d_fits([IH, IW], [OH, OW], [KH, KW], [SH, SW], [PT, PL]),
            "depthwise_conv2d: the windows (OH, OW, KH, KW, SH, SW, PT, PL) do not tile the input (IH, IW)"
        );
        assert!(
            (KH * KW) as u64 <= T::MAX_FAN_IN,
            "depthwise_conv2d: fan-in overflows the accumulator"
        );
    };
    // Weights as arrays, one `[OC]` row per tap; `BLOCK` output channels per
    // pass over a window, each input pixel's channels loaded together.
    let taps = weights.as_chunks::<OC>().0.as_chunks::<KW>().0;
    let out_pixels = output.as_chunks_mut::<OC>().0;
    let blocks = OC / BLOCK;
    let mut oy = 0;
    while oy < OH {
        // As in `conv2d`: tiles of `PIXELS` output rows with whole row
        // windows, one column at a time (multiplier 1: the channels of a
        // block read one block of input channels).
        let full_rows = |y| Window::new(y, SH, PT, KH, IH).len() == KH;
        if T::TILE_PIXELS && M == 1 && oy + PIXELS <= OH && (oy..oy + PIXELS).all(full_rows) {
            for ox in 0..OW {
                let cols = Window::new(ox, SW, PL, KW, IW);
                let rows = tile_rows::<T, IW, IC, KH, SH, PT, IH>(input, oy, &cols);
                for block in 0..blocks {
                    let sums = depthwise_tile_sums(&rows, cols.first_tap(), taps, block);
                    for (p, sums) in sums.iter().enumerate() {
                        if let Some(out) = out_pixels.get_mut((oy + p) * OW + ox) {
                            finish(out, block * BLOCK, sums, bias, clamp);
                        }
                    }
                }
                for p in 0..PIXELS {
                    let rows = Window::new(oy + p, SH, PT, KH, IH);
                    if let Some(out) = out_pixels.get_mut((oy + p) * OW + ox) {
                        for oc in blocks * BLOCK..OC {
                            let sums = depthwise_sums::<T, IW, IC, M, KW, OC, 1>(
                                input, &rows, &cols, taps, oc,
                            );
                            finish(out, oc, &sums, bias, clamp);
                        }
                    }
                }
            }
            oy += PIXELS;
            continue;
        }
        let rows = Window::new(oy, SH, PT, KH, IH);
        for ox in 0..OW {
            let cols = Window::new(ox, SW, PL, KW, IW);
            let Some(out) = out_pixels.get_mut(oy * OW + ox) else {
                continue;
            };
            for block in 0..blocks {
                let first = block * BLOCK;
                let sums = if M == 1 {
                    depthwise_block_sums::<T, IW, IC, KW, OC>(input, &rows, &cols, taps, block)
                } else {
                    depthwise_sums::<T, IW, IC, M, KW, OC, BLOCK>(input, &rows, &cols, taps, first)
                };
                finish(out, first, &sums, bias, clamp);
            }
            for oc in blocks * BLOCK..OC {
                let sums = depthwise_sums::<T, IW, IC, M, KW, OC, 1>(input, &rows, &cols, taps, oc);
                finish(out, oc, &sums, bias, clamp);
            }
        }
        oy += 1;
    }
}

/// [`depthwise_sums`] of the channels `block * BLOCK..(block + 1) * BLOCK`
/// with multiplier 1 (each tap's block of channels read at once).
#[inline(always)]
fn depthwise_block_sums<
    T: Element,
    const IW: usize,
    const IC: usize,
    const KW: usize,
    const OC: usize,
>(
    input: &[T],
    rows: &Window,
    cols: &Window,
    taps: &[[[T; OC]; KW]],
    block: usize,
) -> [T::Acc; BLOCK] {
    let mut acc = [T::mac_zero(); BLOCK];
    for (in_row, tap_row) in rows.zip(input.chunks_exact(IW * IC), taps.iter()) {
        for (in_pixel, tap) in cols.zip(in_row.as_chunks::<IC>().0.iter(), tap_row.iter()) {
            let xs = in_pixel.as_chunks::<BLOCK>().0.get(block);
            let ws = tap.as_chunks::<BLOCK>().0.get(block);
            let (Some(xs), Some(ws)) = (xs, ws) else {
                continue;
            };
            for ((acc, &x), &w) in acc.iter_mut().zip(xs).zip(ws) {
                *acc = T::mac(*acc, x, w);
            }
        }
    }
    acc
}

/// The sums of channels `block * BLOCK..(block + 1) * BLOCK` of the
/// [`PIXELS`] depthwise windows (multiplier 1) of a column tile (`rows` and
/// `first_tap` as in [`column_tile_sums`]), each in the window's order
/// (rows, then columns) as [`depthwise_sums`] takes it, so the same bits.
#[inline(always)]
fn depthwise_tile_sums<
    T: Element,
    const IC: usize,
    const KH: usize,
    const KW: usize,
    const OC: usize,
>(
    rows: &[[&[[T; IC]]; PIXELS]; KH],
    first_tap: usize,
    taps: &[[[T; OC]; KW]],
    block: usize,
) -> [[T::Acc; BLOCK]; PIXELS] {
    let mut acc = [[T::mac_zero(); BLOCK]; PIXELS];
    for (rows, tap_row) in rows.iter().zip(taps) {
        let pixels = zip4(rows.map(|row| row.iter()));
        for (xs, tap) in pixels.zip(tap_row.iter().skip(first_tap)) {
            let Some(ws) = tap.as_chunks::<BLOCK>().0.get(block) else {
                continue;
            };
            for (acc, pixel) in acc.iter_mut().zip(xs) {
                let Some(xs) = pixel.as_chunks::<BLOCK>().0.get(block) else {
                    continue;
                };
                for ((acc, &x), &w) in acc.iter_mut().zip(xs).zip(ws) {
                    *acc = T::mac(*acc, x, w);
                }
            }
        }
    }
    acc
}

/// The sums of output channels `first..first + R` of one depthwise window,
/// each in the window's order (rows, then columns), as a one-channel loop
/// would round them.
#[inline(always)]
fn depthwise_sums<
    T: Element,
    const IW: usize,
    const IC: usize,
    const M: usize,
    const KW: usize,
    const OC: usize,
    const R: usize,
>(
    input: &[T],
    rows: &Window,
    cols: &Window,
    taps: &[[[T; OC]; KW]],
    first: usize,
) -> [T::Acc; R] {
    let mut acc = [T::mac_zero(); R];
    for (in_row, tap_row) in rows.zip(input.chunks_exact(IW * IC), taps.iter()) {
        for (in_pixel, tap) in cols.zip(in_row.as_chunks::<IC>().0.iter(), tap_row.iter()) {
            for (r, acc) in acc.iter_mut().enumerate() {
                let oc = first + r;
                if let (Some(&x), Some(&w)) = (in_pixel.get(oc / M), tap.get(oc)) {
                    *acc = T::mac(*acc, x, w);
                }
            }
        }
    }
    acc
}

#[cfg(test)]
mod tests;
