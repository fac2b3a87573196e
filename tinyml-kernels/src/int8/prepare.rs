//! The compile-time "prepare" step of each `int8` layer, as TFLM's
//! `Prepare` functions compute it, down to the order of the floating-point
//! operations.
//!
//! The `tiny_model!` macro calls these at expansion time and emits the
//! results as literals; they are also `const fn`, so a hand-written model
//! can compute them in `const` items. Nothing here is called at inference.
//!
//! | layer | multipliers | parameters | bias |
//! |---|---|---|---|
//! | conv2d, depthwise | [`conv_multiplier`] per channel | [`conv_quant`] | [`fold_bias_rows`] / [`fold_bias_depthwise`] |
//! | dense, per-tensor | [`dense_multiplier`] | [`dense_quant`] | [`fold_bias_rows`] |
//! | dense, per-channel | [`conv_multiplier`] per unit | [`dense_quant`] | [`fold_bias_rows`] |
//! | max/avg pool | — | [`pool_quant`] | — |
//! | add | — | [`add`] | — |
//! | sub, mul, maximum/minimum | — | [`sub`], [`mul`], [`same_quant`] | — |
//! | softmax | — | [`softmax`] | — |
//! | lstm | per gate, [`dense_multiplier`] | [`lstm`] | raw |
//! | sigmoid, tanh, leaky_relu, hard_swish | — | a 256-entry table: [`sigmoid`], [`tanh`], [`leaky_relu`], [`hard_swish`] | — |

use core::fmt;

mod arithmetic;
mod lstm;

pub use arithmetic::{add, mul, same_quant, sub};
pub use lstm::lstm;

use super::conv::ConvQuant;
use super::float::round_f32;
use super::fully_connected::DenseQuant;
use super::lookup::{Table, table_of};
use super::mean::MeanQuant;
use super::pooling::PoolQuant;
use super::quant::hard_swish::{HardSwishParams, hard_swish_i8};
use super::quant::leaky_relu::{LeakyReluParams, leaky_relu_i8};
use super::quant::logistic_tanh::{INPUT_INTEGER_BITS, SaturatingInput, logistic_i8, tanh_i8};
use super::quant::{calculate_input_radius, preprocess_softmax_scaling, quantize_multiplier};
use super::softmax::{SCALED_DIFF_INTEGER_BITS, SoftmaxQuant};

/// A tensor's quantization: `real = scale · (q − zero_point)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TensorQuant {
    /// The scale, finite and positive.
    pub scale: f32,
    /// The zero point, in `−128..=127` for `int8`.
    pub zero_point: i32,
}

/// A fused activation that the `int8` kernels apply as a clamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FusedActivation {
    /// No activation.
    None,
    /// `max(x, 0)`.
    Relu,
    /// `clamp(x, 0, 6)`.
    Relu6,
    /// `clamp(x, −1, 1)`.
    ReluN1To1,
}

/// Why a layer cannot be prepared; each is a case where TFLM's `Prepare`
/// fails too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrepareError {
    /// A scale is not finite and positive.
    BadScale,
    /// A zero point is outside `−128..=127`.
    BadZeroPoint,
    /// An activation bound (`6 / scale` for ReLU6) does not fit `int32_t`.
    ActivationOutOfRange,
    /// An `ADD` or `SUB` multiplier could not be quantized below one.
    AddScales,
    /// `MAXIMUM`, `MINIMUM` and `CONCATENATION` need their operands in the
    /// output's quantization (TFLM compares and copies raw values).
    NotSameQuant,
    /// The softmax output is not quantized with scale 1/256 and zero point
    /// −128, which TFLM requires for `int8`.
    SoftmaxOutput,
    /// `beta · input_scale` is too small for TFLM's softmax scaling (its
    /// multiplier of `2^26 · beta · input_scale` must exceed one).
    SoftmaxScale,
    /// A mean's `input_scale / output_scale` is too small to fold `1 /
    /// count` into its multiplier (TFLM would shift by a negative amount).
    MeanScale,
    /// A sigmoid output is not quantized with scale 1/256 and zero point
    /// −128, the only one TFLM's `int8` LOGISTIC computes.
    SigmoidOutput,
    /// A tanh output is not quantized with scale 1/128 and zero point 0,
    /// the only one TFLM's `int8` TANH computes.
    TanhOutput,
    /// A sigmoid's or tanh's input scale is below 2^−28: TFLM's input
    /// rescaling would shift by a negative amount.
    SaturatingInputScale,
    /// A leaky ReLU's `alpha` or one of its multipliers is not finite.
    LeakyReluAlpha,
    /// A hard swish's `input_scale / (128 · output_scale)` is not below
    /// one, as TFLM's HARD_SWISH requires.
    HardSwishScale,
    /// An LSTM's cell state scale is not a power of two from 2^-27 to
    /// 2^2, which TFLM's integer tanh of the cell state assumes.
    LstmCellScale,
}

impl fmt::Display for PrepareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PrepareError::BadScale => "a quantization scale is not finite and positive",
            PrepareError::BadZeroPoint => "an int8 zero point is outside -128..=127",
            PrepareError::ActivationOutOfRange => {
                "the fused activation's bound does not fit int32 at this output scale"
            }
            PrepareError::AddScales => "the input scales cannot be quantized",
            PrepareError::NotSameQuant => {
                "its operands must have the output's scale and zero point (TFLM compares or copies the int8 values)"
            }
            PrepareError::SoftmaxOutput => {
                "an int8 softmax output must have scale 1/256 and zero point -128"
            }
            PrepareError::SoftmaxScale => "beta * input_scale is too small for an int8 softmax",
            PrepareError::MeanScale => {
                "input_scale / output_scale is too small for an int8 mean over this many values"
            }
            PrepareError::SigmoidOutput => {
                "an int8 sigmoid output must have scale 1/256 and zero point -128 (the only output TFLite Micro's LOGISTIC computes)"
            }
            PrepareError::TanhOutput => {
                "an int8 tanh output must have scale 1/128 and zero point 0 (the only output TFLite Micro's TANH computes)"
            }
            PrepareError::SaturatingInputScale => {
                "the input scale is below 2^-28, too small for TFLite Micro's input rescaling"
            }
            PrepareError::LeakyReluAlpha => "alpha * input_scale / output_scale is not finite",
            PrepareError::LstmCellScale => {
                "the LSTM's cell state scale must be a power of two from 2^-27 to 2^2, as TFLite Micro's integer tanh of the cell state assumes"
            }
            PrepareError::HardSwishScale => {
                "input_scale / (128 * output_scale) must be below one for an int8 hard_swish, as TFLite Micro requires"
            }
        })
    }
}

/// Checks a tensor's quantization.
pub(crate) const fn check(t: TensorQuant) -> Result<(), PrepareError> {
    if !(t.scale.is_finite() && t.scale > 0.0) {
        Err(PrepareError::BadScale)
    } else if t.zero_point < i8::MIN as i32 || t.zero_point > i8::MAX as i32 {
        Err(PrepareError::BadZeroPoint)
    } else {
        Ok(())
    }
}

/// The `(multiplier, shift)` of one output channel of a convolution (either
/// kind), or of one unit of a per-channel dense layer: TFLM's
/// `input_scale · filter_scale / output_scale` computed in `f64` from the
/// three `f32` scales, then [`quantize_multiplier`].
///
/// # Panics
///
/// If the ratio is not finite (a zero output scale); check the scales
/// first ([`conv_quant`] does).
pub const fn conv_multiplier(input_scale: f32, filter_scale: f32, output_scale: f32) -> (i32, i32) {
    quantize_multiplier(input_scale as f64 * filter_scale as f64 / output_scale as f64)
}

/// The `(multiplier, shift)` of a dense layer with per-tensor weights.
///
/// TFLM's `GetQuantizedConvolutionMultipler` multiplies the input and
/// filter scales in `f32` (rounding once) before widening to `f64` and
/// dividing by the output scale, so this can differ from
/// [`conv_multiplier`] in the last bit.
///
/// # Panics
///
/// If the ratio is not finite (a zero output scale).
pub const fn dense_multiplier(
    input_scale: f32,
    filter_scale: f32,
    output_scale: f32,
) -> (i32, i32) {
    let input_product_scale = (input_scale * filter_scale) as f64;
    quantize_multiplier(input_product_scale / output_scale as f64)
}

/// TFLM's `Quantize` for activation bounds: `zero_point + round(f / scale)`
/// in `f32`, ties away from zero; `None` where the rounded value does not
/// fit `int32_t`.
const fn quantize_bound(f: f32, t: TensorQuant) -> Option<i64> {
    let q = round_f32(f / t.scale);
    if q >= -2_147_483_648.0 && q < 2_147_483_648.0 {
        Some(t.zero_point as i64 + q as i64)
    } else {
        None
    }
}

/// TFLM's `CalculateActivationRangeQuantized` for an `int8` output: the
/// clamp `(act_min, act_max)` of `activation`, intersected with
/// `−128..=127`.
pub const fn activation_range(
    activation: FusedActivation,
    output: TensorQuant,
) -> Result<(i8, i8), PrepareError> {
    if let Err(e) = check(output) {
        return Err(e);
    }
    let (lo, hi) = match activation {
        FusedActivation::None => return Ok((i8::MIN, i8::MAX)),
        FusedActivation::Relu => (Some(0.0), None),
        FusedActivation::Relu6 => (Some(0.0), Some(6.0)),
        FusedActivation::ReluN1To1 => (Some(-1.0), Some(1.0)),
    };
    let mut min = i8::MIN as i64;
    let mut max = i8::MAX as i64;
    if let Some(f) = lo {
        match quantize_bound(f, output) {
            Some(q) if q > min => min = q,
            Some(_) => {}
            None => return Err(PrepareError::ActivationOutOfRange),
        }
    }
    if let Some(f) = hi {
        match quantize_bound(f, output) {
            Some(q) if q < max => max = q,
            Some(_) => {}
            None => return Err(PrepareError::ActivationOutOfRange),
        }
    }
    // A bound beyond the other end of the range gives an empty clamp, which
    // TFLM accepts too; saturate it into `i8`.
    let min = if min > i8::MAX as i64 {
        i8::MAX
    } else {
        min as i8
    };
    let max = if max < i8::MIN as i64 {
        i8::MIN
    } else {
        max as i8
    };
    Ok((min, max))
}

/// The [`ConvQuant`] of a convolution (either kind).
pub const fn conv_quant(
    input: TensorQuant,
    output: TensorQuant,
    activation: FusedActivation,
) -> Result<ConvQuant, PrepareError> {
    if let Err(e) = check(input) {
        return Err(e);
    }
    match activation_range(activation, output) {
        Ok((act_min, act_max)) => Ok(ConvQuant {
            input_offset: -input.zero_point,
            output_offset: output.zero_point,
            act_min,
            act_max,
        }),
        Err(e) => Err(e),
    }
}

/// The [`DenseQuant`] of a dense layer.
pub const fn dense_quant(
    output: TensorQuant,
    activation: FusedActivation,
) -> Result<DenseQuant, PrepareError> {
    match activation_range(activation, output) {
        Ok((act_min, act_max)) => Ok(DenseQuant {
            output_offset: output.zero_point,
            act_min,
            act_max,
        }),
        Err(e) => Err(e),
    }
}

/// The [`PoolQuant`] of a pool. TFLM requires the input and output
/// quantization of a pool to be equal; check that separately.
pub const fn pool_quant(
    output: TensorQuant,
    activation: FusedActivation,
) -> Result<PoolQuant, PrepareError> {
    match activation_range(activation, output) {
        Ok((act_min, act_max)) => Ok(PoolQuant { act_min, act_max }),
        Err(e) => Err(e),
    }
}

/// The [`MeanQuant`] of a `MEAN` over `count` values per output (TFLM's
/// `PrepareMeanOrSumHelper` and `QuantizedMeanOrSum`): the multiplier of
/// `input_scale / output_scale` (in `f64`, [`quantize_multiplier`]), then
/// `1 / count` folded in as TFLM does: with `s = min(⌊log2 count⌋, 32,
/// 31 + shift)`, the multiplier becomes `(multiplier · 2^s) / count`
/// (truncating) and the shift `shift − s`.
pub const fn mean(
    input: TensorQuant,
    output: TensorQuant,
    count: usize,
) -> Result<MeanQuant, PrepareError> {
    if let Err(e) = check(input) {
        return Err(e);
    }
    if let Err(e) = check(output) {
        return Err(e);
    }
    if count == 0 || count >= 1 << 24 {
        return Err(PrepareError::MeanScale);
    }
    let (multiplier, shift) = quantize_multiplier(input.scale as f64 / output.scale as f64);
    let log2 = (usize::BITS - 1 - count.leading_zeros()) as i32;
    let fold = if log2 < 32 { log2 } else { 32 };
    let fold = if fold < 31 + shift { fold } else { 31 + shift };
    if fold < 0 {
        return Err(PrepareError::MeanScale);
    }
    let folded = ((multiplier as i64) << fold) / count as i64;
    Ok(MeanQuant {
        // `count < 2^24` and `|zero_point| ≤ 128`: no overflow.
        zero_point_sum: input.zero_point * count as i32,
        multiplier: folded as i32,
        shift: shift - fold,
        output_zero_point: output.zero_point,
    })
}

/// The [`SoftmaxQuant`] of an `int8` softmax (TFLM's
/// `CalculateSoftmaxParams`): [`preprocess_softmax_scaling`] with 5 integer
/// bits, and `diff_min = −`[`calculate_input_radius`]`(5, left_shift)`.
pub const fn softmax(
    beta: f32,
    input: TensorQuant,
    output: TensorQuant,
) -> Result<SoftmaxQuant, PrepareError> {
    if let Err(e) = check(input) {
        return Err(e);
    }
    if output.zero_point != -128 || output.scale != 1.0 / 256.0 {
        return Err(PrepareError::SoftmaxOutput);
    }
    match preprocess_softmax_scaling(beta, input.scale, SCALED_DIFF_INTEGER_BITS) {
        Some((input_multiplier, input_left_shift)) => Ok(SoftmaxQuant {
            input_multiplier,
            input_left_shift,
            diff_min: -calculate_input_radius(SCALED_DIFF_INTEGER_BITS, input_left_shift as u32),
        }),
        None => Err(PrepareError::SoftmaxScale),
    }
}

/// Folds the input zero point into the biases of a layer whose weights are
/// one row per output channel: conv2d (OHWI, rows of `KH·KW·IC`) and dense
/// (`[UNITS][IN]`). `folded[oc] = bias[oc] − input_zero_point · Σ row oc`,
/// wrapping like the kernels' `int32_t` accumulator.
///
/// `bias` may be empty (a layer without bias: zeros).
///
/// # Panics
///
/// If `folded` is empty, `weights.len()` is not a multiple of
/// `folded.len()`, or `bias` is neither empty nor as long as `folded`.
pub const fn fold_bias_rows(
    bias: &[i32],
    weights: &[i8],
    input_zero_point: i32,
    folded: &mut [i32],
) {
    let row = channel_taps(
        bias,
        weights,
        folded,
        "fold_bias_rows: weights must hold one row per output channel",
    );
    fold_bias(bias, weights, input_zero_point, folded, row, 1);
}

/// Folds the input zero point into the biases of a depthwise convolution,
/// whose weights `[KH][KW][OC]` hold one column per output channel:
/// `folded[oc] = bias[oc] − input_zero_point · Σ_tap weights[tap][oc]`.
///
/// # Panics
///
/// As [`fold_bias_rows`], with columns for rows.
pub const fn fold_bias_depthwise(
    bias: &[i32],
    weights: &[i8],
    input_zero_point: i32,
    folded: &mut [i32],
) {
    channel_taps(
        bias,
        weights,
        folded,
        "fold_bias_depthwise: weights must hold one column per output channel",
    );
    fold_bias(bias, weights, input_zero_point, folded, 1, folded.len());
}

/// Checks the lengths the folds rely on; returns the taps per channel.
const fn channel_taps(bias: &[i32], weights: &[i8], folded: &[i32], layout: &'static str) -> usize {
    let channels = folded.len();
    assert!(
        channels > 0 && weights.len().is_multiple_of(channels),
        "{}",
        layout
    );
    assert!(
        bias.is_empty() || bias.len() == channels,
        "one bias per output channel"
    );
    weights.len() / channels
}

/// `folded[oc] = bias[oc] − input_zero_point · Σ_t weights[oc·channel_step +
/// t·tap_step]` over the channel's taps, wrapping like the kernels'
/// accumulator.
const fn fold_bias(
    bias: &[i32],
    weights: &[i8],
    input_zero_point: i32,
    folded: &mut [i32],
    channel_step: usize,
    tap_step: usize,
) {
    let taps = weights.len() / folded.len();
    let mut oc = 0;
    while oc < folded.len() {
        let mut sum = 0i32;
        let mut t = 0;
        while t < taps {
            sum = sum.wrapping_add(weights[oc * channel_step + t * tap_step] as i32);
            t += 1;
        }
        let b = if bias.is_empty() { 0 } else { bias[oc] };
        folded[oc] = b.wrapping_sub(input_zero_point.wrapping_mul(sum));
        oc += 1;
    }
}

/// A bound on `|accumulator|` for one output channel of the kernels: its
/// folded bias plus `128 · Σ|w|` over the weights it multiplies (`|input|`,
/// and the zero point a padded tap holds, are at most 128). Every partial
/// sum is within it, so the `int32_t` accumulator cannot overflow when this
/// is at most `i32::MAX` — the macro's overflow guard. (The results match
/// TFLM bit for bit either way: both wrap modulo 2³².)
///
/// `weights` are the channel's own weights: a row for conv2d and dense,
/// every `stride`-th weight from `first` for depthwise (`stride = OC`); use
/// `stride = 1`, `first = 0` for a row.
pub const fn accumulator_bound(
    folded_bias: i32,
    weights: &[i8],
    first: usize,
    stride: usize,
) -> i64 {
    let mut bound = (folded_bias as i64).abs();
    let mut i = first;
    while i < weights.len() {
        bound += 128 * (weights[i] as i64).abs();
        i += if stride == 0 { weights.len() } else { stride };
    }
    bound
}

/// [`accumulator_bound`] of a transposed convolution's output channel,
/// which TFLM sums as `bias + Σ (input − input_zero_point) · weight`
/// without folding: each `|input − zero point|` is at most
/// `max(127 − zero_point, zero_point + 128)`.
pub const fn transpose_accumulator_bound(bias: i32, weights: &[i8], input_zero_point: i32) -> i64 {
    let above = 127 - input_zero_point as i64;
    let below = input_zero_point as i64 + 128;
    let input = if above > below { above } else { below };
    let mut bound = (bias as i64).abs();
    let mut i = 0;
    while i < weights.len() {
        bound += input * (weights[i] as i64).abs();
        i += 1;
    }
    bound
}

/// The input rescaling of an `int8` LOGISTIC or TANH (TFLM's
/// `CalculateArithmeticOpDataLogistic` and tanh's `CalculateArithmeticOpData`):
/// `frexp(input_scale · 2^27)` (in `f64`) gives the shift and `round(q ·
/// 2^31)` the multiplier, which is [`quantize_multiplier`]'s result here
/// (an `f32` scale has 24 significant bits, so nothing rounds up to
/// 2^31); the radius is [`calculate_input_radius`] of 4 integer bits.
pub const fn saturating_input(input: TensorQuant) -> Result<SaturatingInput, PrepareError> {
    if let Err(e) = check(input) {
        return Err(e);
    }
    let real = input.scale as f64 * (1i64 << (31 - INPUT_INTEGER_BITS)) as f64;
    let (multiplier, left_shift) = quantize_multiplier(real);
    if left_shift < 0 {
        return Err(PrepareError::SaturatingInputScale);
    }
    Ok(SaturatingInput {
        zero_point: input.zero_point,
        radius: calculate_input_radius(INPUT_INTEGER_BITS, left_shift as u32),
        multiplier,
        left_shift,
    })
}

/// Whether `q` is exactly `scale` and `zero_point`.
const fn is_quant(q: TensorQuant, scale: f32, zero_point: i32) -> bool {
    q.scale == scale && q.zero_point == zero_point
}

/// The [`Table`] of an `int8` `sigmoid` (TFLite's LOGISTIC). TFLM's
/// `Prepare` checks only the output zero point, but its kernel computes
/// scale 1/256 whatever the tensor says, so any other output is refused.
pub const fn sigmoid(input: TensorQuant, output: TensorQuant) -> Result<Table, PrepareError> {
    if !is_quant(output, 1.0 / 256.0, -128) {
        return Err(PrepareError::SigmoidOutput);
    }
    match saturating_input(input) {
        Ok(p) => Ok(table_of!(|x| logistic_i8(x, &p))),
        Err(e) => Err(e),
    }
}

/// The [`Table`] of an `int8` `tanh` (TFLite's TANH). TFLM's `Prepare`
/// checks no output quantization, but its kernel computes scale 1/128 and
/// zero point 0, so any other output is refused.
pub const fn tanh(input: TensorQuant, output: TensorQuant) -> Result<Table, PrepareError> {
    if !is_quant(output, 1.0 / 128.0, 0) {
        return Err(PrepareError::TanhOutput);
    }
    match saturating_input(input) {
        Ok(p) => Ok(table_of!(|x| tanh_i8(x, &p))),
        Err(e) => Err(e),
    }
}

/// The multipliers of an `int8` LEAKY_RELU (TFLM's
/// `CalculateOpDataLeakyRelu`): `input_scale · alpha / output_scale` and
/// `input_scale / output_scale`, each computed in `f32` (as TFLM's
/// `float` expressions are) and widened to `f64` for
/// [`quantize_multiplier`].
pub const fn leaky_relu_params(
    alpha: f32,
    input: TensorQuant,
    output: TensorQuant,
) -> Result<LeakyReluParams, PrepareError> {
    if let Err(e) = check(input) {
        return Err(e);
    }
    if let Err(e) = check(output) {
        return Err(e);
    }
    let alpha_ratio = input.scale * alpha / output.scale;
    let identity_ratio = input.scale / output.scale;
    if !alpha_ratio.is_finite() || !identity_ratio.is_finite() {
        return Err(PrepareError::LeakyReluAlpha);
    }
    Ok(LeakyReluParams {
        input_zero_point: input.zero_point,
        output_zero_point: output.zero_point,
        identity: quantize_multiplier(identity_ratio as f64),
        alpha: quantize_multiplier(alpha_ratio as f64),
    })
}

/// The [`Table`] of an `int8` `leaky_relu(alpha)`.
pub const fn leaky_relu(
    alpha: f32,
    input: TensorQuant,
    output: TensorQuant,
) -> Result<Table, PrepareError> {
    match leaky_relu_params(alpha, input, output) {
        Ok(p) => Ok(table_of!(|x| leaky_relu_i8(x, &p))),
        Err(e) => Err(e),
    }
}

/// The multipliers of an `int8` HARD_SWISH (TFLM's `HardSwishPrepare`):
/// with the high-res input scale `input_scale / 128` and the relu-ish
/// scale `3 / 32768` (all in `f32`), [`quantize_multiplier`] of
/// `hires / output_scale` (whose exponent must be `≤ 0`) and of `hires /
/// reluish`, each multiplier then rounded to Q15 as TFLite's
/// `DownScaleInt32ToInt16Multiplier` does.
pub const fn hard_swish_params(
    input: TensorQuant,
    output: TensorQuant,
) -> Result<HardSwishParams, PrepareError> {
    if let Err(e) = check(input) {
        return Err(e);
    }
    if let Err(e) = check(output) {
        return Err(e);
    }
    let hires_input_scale = (1.0f32 / 128.0) * input.scale;
    let reluish_scale = 3.0f32 / 32768.0;
    let (output_multiplier, output_exponent) =
        quantize_multiplier((hires_input_scale / output.scale) as f64);
    if output_exponent > 0 {
        return Err(PrepareError::HardSwishScale);
    }
    let (reluish_multiplier, reluish_exponent) =
        quantize_multiplier((hires_input_scale / reluish_scale) as f64);
    Ok(HardSwishParams {
        input_zero_point: input.zero_point as i16,
        output_zero_point: output.zero_point as i16,
        reluish_multiplier: down_scale_to_q15(reluish_multiplier),
        reluish_exponent,
        output_multiplier: down_scale_to_q15(output_multiplier),
        output_exponent,
    })
}

/// TFLite's `DownScaleInt32ToInt16Multiplier`: a non-negative Q31
/// multiplier rounded to Q15 (`(m + 2^15) >> 16`), `i16::MAX` where that
/// would overflow.
const fn down_scale_to_q15(multiplier: i32) -> i16 {
    const ROUNDING: i32 = 1 << 15;
    if multiplier >= i32::MAX - ROUNDING {
        i16::MAX
    } else {
        ((multiplier + ROUNDING) >> 16) as i16
    }
}

/// The [`Table`] of an `int8` `hard_swish`.
pub const fn hard_swish(input: TensorQuant, output: TensorQuant) -> Result<Table, PrepareError> {
    match hard_swish_params(input, output) {
        Ok(p) => Ok(table_of!(|x| hard_swish_i8(x, &p))),
        Err(e) => Err(e),
    }
}
