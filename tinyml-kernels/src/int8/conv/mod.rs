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

mod conv2d;
mod conv2d_packed;
mod depthwise;
mod depthwise_planes;

use super::packed::LANE_TERMS;
use super::requantize;
use crate::geometry::{Window, window2d_fits};
use conv2d::conv2d_general;
use conv2d_packed::{PACKED_TAPS, conv2d_packed};
use depthwise::depthwise_general;
use depthwise_planes::{PAIR_PLANE, depthwise_planes};

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
            window2d_fits([IH, IW], [OH, OW], [KH, KW], [SH, SW], [PT, PL]),
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
            window2d_fits([IH, IW], [OH, OW], [KH, KW], [SH, SW], [PT, PL]),
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
