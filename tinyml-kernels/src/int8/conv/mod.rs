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
//! Where the target has DSP instructions, the kernels too large to pack
//! (more than 256 taps) take `SMLAD` instead (`conv2d_dsp.rs`): one window
//! copy per output pixel, four output channels per pass over it, two
//! `SMLAD`s per four products. The packed path stays faster for the smaller
//! kernels (measured on MLPerf Tiny's: 1.9 against 2.3 instructions per MAC
//! on IC's 144-tap layers, and KWS 6.3 M against 8.4 M instructions).
//! On ARMv6-M (Cortex-M0+), which has no 32 × 32 → 64 multiply, every shape
//! takes the general algorithm (`packed::WIDE_MULTIPLY`, set by the crate's
//! build script).
//!
//! **Layout.** As in CMSIS-NN, one file per variant of a kernel, each to
//! be read on its own: this file holds the quantization and the two public
//! kernels, which check their const parameters and choose a path;
//! `conv2d.rs` and `depthwise.rs` hold the general loops, `conv2d_packed.rs`,
//! `conv2d_dsp.rs`
//! and `depthwise_planes.rs` the fast paths, `in_place.rs` the entries that
//! take one buffer for input and output (and the shapes they take), and
//! `geom.rs` the geometry the general loops are generic over and the checks
//! both kernels make. Each
//! general loop is written once and compiled, never inlined, once per
//! kernel shape that its fast path never takes, with the geometry as
//! constants, and once with the geometry at run time for the quantizations
//! that no fast path takes.
//!
//! [`multiply_by_quantized_multiplier`]: super::quant::multiply_by_quantized_multiplier
//! [`prepare::fold_bias_rows`]: super::prepare::fold_bias_rows
//! [`prepare::fold_bias_depthwise`]: super::prepare::fold_bias_depthwise

mod conv2d;
mod conv2d_dsp;
mod conv2d_packed;
mod depthwise;
mod depthwise_planes;
mod geom;
mod in_place;

use super::packed::WIDE_MULTIPLY;
use crate::arch::DSP;
use conv2d_dsp::conv2d_dsp;
use conv2d_packed::{conv2d_packed, packs};
use depthwise_planes::{depthwise_planes, planes_fit};
use geom::{Fixed, Geometry};
use in_place::InOut;
pub use in_place::{
    conv2d_in_place, conv2d_per_channel_in_place, depthwise_conv2d_per_channel_in_place,
    depthwise_in_place,
};

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

impl ConvQuant {
    /// The value of padded taps for the fast paths, which pack inputs as
    /// `i8`: the input zero point, `−input_offset`. `None` for an input
    /// offset beyond `i8`, which no valid quantization has; such calls take
    /// the general loop's run-time copy.
    #[inline(always)]
    fn pad(self) -> Option<i8> {
        i8::try_from(self.input_offset.wrapping_neg()).ok()
    }
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
    let g = const {
        assert!(
            WN == OC * KH * KW * IC,
            "conv2d_per_channel: WN must be OC * KH * KW * IC"
        );
        Fixed::<IH, IW, IC, OH, OW, OC, KH, KW, SH, SW, PT, PL>::checked(IN, OUT)
    };
    if const { WIDE_MULTIPLY && packs(OH * OW, KH * KW * IC) } {
        if let Some(pad) = quant.pad() {
            conv2d_packed::<IH, IW, IC, OH, OW, OC, KH, KW, SH, SW, PT, PL>(
                (input.as_slice(), output.as_mut_slice()),
                weights,
                bias,
                multipliers,
                shifts,
                pad,
                quant,
            );
        } else {
            conv2d::general(
                input,
                weights,
                bias,
                multipliers,
                shifts,
                output,
                quant,
                Geometry::of(g),
            );
        }
    } else if let (true, Some(pad)) = (DSP, quant.pad()) {
        conv2d_dsp::<IH, IW, IC, OH, OW, OC, KH, KW, SH, SW, PT, PL>(
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
        // The general loop, compiled for this geometry.
        conv2d::general(input, weights, bias, multipliers, shifts, output, quant, g);
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
    let g = const {
        assert!(
            OC == IC * M,
            "depthwise_conv2d_per_channel: OC must be IC * M"
        );
        assert!(
            WN == KH * KW * OC,
            "depthwise_conv2d_per_channel: WN must be KH * KW * IC * M"
        );
        Fixed::<IH, IW, IC, OH, OW, OC, KH, KW, SH, SW, PT, PL>::checked(IN, OUT)
    };
    if const { WIDE_MULTIPLY && planes_fit(OW, KH, KW, SW) } {
        if let Some(pad) = quant.pad() {
            depthwise_planes::<IH, IW, IC, OH, OW, M, KH, KW, SH, SW, PT, PL, OC>(
                (input.as_slice(), output.as_mut_slice()),
                weights,
                bias,
                multipliers,
                shifts,
                pad,
                quant,
            );
        } else {
            depthwise::general(
                input,
                weights,
                bias,
                multipliers,
                shifts,
                output,
                quant,
                Geometry::of(g),
            );
        }
    } else {
        // The general loop, compiled for this geometry.
        depthwise::general(input, weights, bias, multipliers, shifts, output, quant, g);
    }
}

/// The wrapping sum of `weights` as `i32`.
#[inline(always)]
fn weight_sum<'a>(weights: impl Iterator<Item = &'a i8>) -> i32 {
    weights.fold(0, |s, &w| s.wrapping_add(i32::from(w)))
}
