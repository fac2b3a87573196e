//! The in-place entries of the two kernels: one buffer holds a layer's
//! input and receives its output, so that a model's memory plan needs no
//! second buffer for the layer ([`conv2d_in_place`] and
//! [`depthwise_in_place`] say for which shapes).
//!
//! The fast paths are written once for both forms, generic over [`InOut`];
//! each reads every input it needs before it writes the outputs over them.
//! The shapes and quantizations that those paths do not take (ARMv6-M, an
//! input offset beyond `i8`) go through the general loops a pixel or a
//! channel at a time, from a copy on the stack.

use super::conv2d_packed::{conv2d_packed, packs};
use super::depthwise_planes::{depthwise_planes, plane_in_one_strip};
use super::geom::Fixed;
use super::{ConvQuant, conv2d, depthwise};
use crate::int8::packed::WIDE_MULTIPLY;

/// Where a kernel reads its input and writes its output: two buffers, or
/// one for both (in place).
pub(super) trait InOut {
    /// Whether the input and the output are one buffer.
    const IN_PLACE: bool;
    /// The input (for one buffer, the whole buffer).
    fn input(&self) -> &[i8];
    /// The output (for one buffer, the whole buffer: the output is its
    /// start).
    fn output(&mut self) -> &mut [i8];
}

impl InOut for (&[i8], &mut [i8]) {
    const IN_PLACE: bool = false;

    #[inline(always)]
    fn input(&self) -> &[i8] {
        self.0
    }

    #[inline(always)]
    fn output(&mut self) -> &mut [i8] {
        self.1
    }
}

impl InOut for &mut [i8] {
    const IN_PLACE: bool = true;

    #[inline(always)]
    fn input(&self) -> &[i8] {
        self
    }

    #[inline(always)]
    fn output(&mut self) -> &mut [i8] {
        self
    }
}

/// Whether [`conv2d_per_channel_in_place`] takes a layer: a 1x1 kernel,
/// stride 1, no padding, and no more output channels than input channels.
/// Pixel `p`'s outputs then end before pixel `p + 1`'s inputs begin.
pub const fn conv2d_in_place(
    ic: usize,
    oc: usize,
    kernel: [usize; 2],
    stride: [usize; 2],
    padding: [usize; 2],
) -> bool {
    let [kh, kw] = kernel;
    let [sh, sw] = stride;
    let [pt, pl] = padding;
    kh == 1 && kw == 1 && sh == 1 && sw == 1 && pt == 0 && pl == 0 && oc <= ic
}

/// The most values of one channel's plane, input or output, that the
/// general fallback of [`depthwise_conv2d_per_channel_in_place`] copies to
/// the stack.
const PLANE_COPY: usize = 512;

/// Whether [`depthwise_conv2d_per_channel_in_place`] takes a layer: depth
/// multiplier 1, and a plane that the plane path packs whole before it
/// writes the channel's outputs (`in_hw` and `out_hw` the input's and the
/// output's rows and columns).
pub const fn depthwise_in_place(
    in_hw: [usize; 2],
    out_hw: [usize; 2],
    multiplier: usize,
    kernel: [usize; 2],
    stride: [usize; 2],
) -> bool {
    let ([ih, iw], [oh, ow], [kh, kw], [sh, sw]) = (in_hw, out_hw, kernel, stride);
    multiplier == 1
        && oh > 0
        && ow > 0
        && plane_in_one_strip(oh, ow, kh, kw, sh, sw)
        && ih * iw <= PLANE_COPY
        && oh * ow <= PLANE_COPY
}

/// [`conv2d_per_channel`](super::conv2d_per_channel) in place: `buffer`
/// holds the input `[IH][IW][IC]`, and its first `OUT` values receive the
/// output, for the shapes of [`conv2d_in_place`] (a compile error for
/// others).
#[allow(clippy::too_many_arguments)]
pub fn conv2d_per_channel_in_place<
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
    buffer: &mut [i8; IN],
    weights: &[i8; WN],
    bias: &[i32; OC],
    multipliers: &[i32; OC],
    shifts: &[i32; OC],
    quant: ConvQuant,
) {
    const {
        assert!(
            WN == OC * KH * KW * IC,
            "conv2d_per_channel_in_place: WN must be OC * KH * KW * IC"
        );
        Fixed::<IH, IW, IC, OH, OW, OC, KH, KW, SH, SW, PT, PL>::checked(IN, OUT);
        assert!(
            conv2d_in_place(IC, OC, [KH, KW], [SH, SW], [PT, PL]),
            "conv2d_per_channel_in_place: needs a 1x1 kernel, stride 1, no padding and OC <= IC"
        );
    };
    if const { WIDE_MULTIPLY && packs(OH * OW, IC) }
        && let Some(pad) = quant.pad()
    {
        conv2d_packed::<IH, IW, IC, OH, OW, OC, KH, KW, SH, SW, PT, PL>(
            buffer.as_mut_slice(),
            weights,
            bias,
            multipliers,
            shifts,
            pad,
            quant,
        );
    } else {
        pointwise_by_pixel::<IC, OC>(buffer, weights, bias, multipliers, shifts, quant);
    }
}

/// The general loop in place, one pixel at a time: the pixel's inputs are
/// copied before its outputs overwrite them.
#[inline(never)]
fn pointwise_by_pixel<const IC: usize, const OC: usize>(
    buffer: &mut [i8],
    weights: &[i8],
    bias: &[i32; OC],
    multipliers: &[i32; OC],
    shifts: &[i32; OC],
    quant: ConvQuant,
) {
    let g = const { Fixed::<1, 1, IC, 1, 1, OC, 1, 1, 1, 1, 0, 0>::checked(IC, OC) };
    let mut pixel = [0i8; IC];
    for p in 0..buffer.len() / IC {
        let inputs = buffer.get(p * IC..(p + 1) * IC).unwrap_or_default();
        for (copy, &x) in pixel.iter_mut().zip(inputs) {
            *copy = x;
        }
        let outputs = buffer.get_mut(p * OC..(p + 1) * OC).unwrap_or_default();
        conv2d::general(
            &pixel,
            weights,
            bias,
            multipliers,
            shifts,
            outputs,
            quant,
            g,
        );
    }
}

/// [`depthwise_conv2d_per_channel`](super::depthwise_conv2d_per_channel)
/// in place: `buffer` holds the input `[IH][IW][IC]`, and its first `OUT`
/// values receive the output, for the shapes of [`depthwise_in_place`] (a
/// compile error for others).
#[allow(clippy::too_many_arguments)]
pub fn depthwise_conv2d_per_channel_in_place<
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
    buffer: &mut [i8; IN],
    weights: &[i8; WN],
    bias: &[i32; OC],
    multipliers: &[i32; OC],
    shifts: &[i32; OC],
    quant: ConvQuant,
) {
    const {
        assert!(
            OC == IC * M,
            "depthwise_conv2d_per_channel_in_place: OC must be IC * M"
        );
        assert!(
            WN == KH * KW * OC,
            "depthwise_conv2d_per_channel_in_place: WN must be KH * KW * IC * M"
        );
        Fixed::<IH, IW, IC, OH, OW, OC, KH, KW, SH, SW, PT, PL>::checked(IN, OUT);
        assert!(
            depthwise_in_place([IH, IW], [OH, OW], M, [KH, KW], [SH, SW]),
            "depthwise_conv2d_per_channel_in_place: needs M = 1 and a plane the plane path packs whole"
        );
    };
    if const { WIDE_MULTIPLY }
        && let Some(pad) = quant.pad()
    {
        depthwise_planes::<IH, IW, IC, OH, OW, M, KH, KW, SH, SW, PT, PL, OC>(
            buffer.as_mut_slice(),
            weights,
            bias,
            multipliers,
            shifts,
            pad,
            quant,
        );
    } else {
        depthwise_by_channel::<IH, IW, OH, OW, KH, KW, SH, SW, PT, PL, OC>(
            buffer,
            weights,
            bias,
            multipliers,
            shifts,
            quant,
        );
    }
}

/// The general loop in place, one channel at a time: the channel's plane
/// is copied, computed into a second plane, and written back into the
/// channel (which no other channel reads).
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn depthwise_by_channel<
    const IH: usize,
    const IW: usize,
    const OH: usize,
    const OW: usize,
    const KH: usize,
    const KW: usize,
    const SH: usize,
    const SW: usize,
    const PT: usize,
    const PL: usize,
    const C: usize,
>(
    buffer: &mut [i8],
    weights: &[i8],
    bias: &[i32; C],
    multipliers: &[i32; C],
    shifts: &[i32; C],
    quant: ConvQuant,
) {
    let g =
        const { Fixed::<IH, IW, 1, OH, OW, 1, KH, KW, SH, SW, PT, PL>::checked(IH * IW, OH * OW) };
    let mut plane = [0i8; PLANE_COPY];
    let mut out = [0i8; PLANE_COPY];
    let plane = plane.get_mut(..IH * IW).unwrap_or_default();
    let out = out.get_mut(..OH * OW).unwrap_or_default();
    for c in 0..C {
        for (copy, pixel) in plane.iter_mut().zip(buffer.chunks_exact(C)) {
            *copy = pixel.get(c).copied().unwrap_or_default();
        }
        let mut taps = [[0i8; KW]; KH];
        let channel_weights = weights.iter().skip(c).step_by(C);
        for (tap, &w) in taps.as_flattened_mut().iter_mut().zip(channel_weights) {
            *tap = w;
        }
        let one = c..c + 1;
        let (Some(b), Some(m), Some(s)) = (
            bias.get(one.clone()),
            multipliers.get(one.clone()),
            shifts.get(one),
        ) else {
            return;
        };
        depthwise::general(plane, taps.as_flattened(), b, m, s, out, quant, g);
        for (pixel, &y) in buffer.chunks_exact_mut(C).zip(out.iter()) {
            if let Some(value) = pixel.get_mut(c) {
                *value = y;
            }
        }
    }
}
