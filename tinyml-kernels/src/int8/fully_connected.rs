//! Quantized fully connected layers (TFLM's `FullyConnected` and
//! `FullyConnectedPerChannel` for `int8`).
//!
//! `output[u] = clamp(output_offset + M · (bias'[u] + Σ_i weights[u][i] ·
//! input[i]))` with `weights` laid out `[UNITS][IN]` and a multi-dimensional
//! input used flattened. `bias'` is the bias with the input zero point
//! folded in over all `IN` inputs ([`prepare::fold_bias_rows`]), which is
//! exactly TFLM's `bias + Σ weight · (input − input_zero_point)`. `M` is
//! applied with TFLM's double rounding
//! ([`multiply_by_quantized_multiplier`]) — TensorFlow Lite's own (non-micro)
//! reference kernel rounds once here and can differ by one.
//!
//! [`prepare::fold_bias_rows`]: super::prepare::fold_bias_rows
//! [`multiply_by_quantized_multiplier`]: super::quant::multiply_by_quantized_multiplier

use super::requantize;

/// The per-tensor quantization parameters of a dense layer besides its
/// multiplier (the input offset is folded into the bias).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DenseQuant {
    /// `output_zero_point`, added after requantization.
    pub output_offset: i32,
    /// Lower clamp: the fused activation's minimum (`−128` for none).
    pub act_min: i8,
    /// Upper clamp: the fused activation's maximum (`127` for none, ReLU).
    pub act_max: i8,
}

/// `bias' + Σ_i weights[i] · input[i]` with TFLM's wrapping `int32_t`
/// accumulation.
#[inline(always)]
fn accumulate(bias: i32, input: &[i8], row: &[i8]) -> i32 {
    input.iter().zip(row).fold(bias, |acc, (&x, &w)| {
        acc.wrapping_add(i32::from(x) * i32::from(w))
    })
}

/// Checks the const parameters shared by both dense kernels.
macro_rules! assert_dense_shape {
    ($name:literal) => {
        const {
            assert!(IN > 0, concat!($name, ": IN must be positive"));
            assert!(WN == UNITS * IN, concat!($name, ": WN must be UNITS * IN"));
        }
    };
}

/// Dense layer with per-tensor weights (TFLite `FULLY_CONNECTED`, `int8`):
/// one `multiplier`/`shift` for all units
/// ([`super::prepare::dense_multiplier`]).
pub fn dense<const IN: usize, const UNITS: usize, const WN: usize>(
    input: &[i8; IN],
    weights: &[i8; WN],
    bias: &[i32; UNITS],
    multiplier: i32,
    shift: i32,
    output: &mut [i8; UNITS],
    quant: DenseQuant,
) {
    assert_dense_shape!("dense");
    let act = (quant.act_min, quant.act_max);
    let units = output.iter_mut().zip(weights.chunks_exact(IN)).zip(bias);
    for ((out, row), &b) in units {
        let acc = accumulate(b, input, row);
        *out = requantize(acc, multiplier, shift, quant.output_offset, act);
    }
}

/// Dense layer with per-channel weights (one scale per unit, as the
/// converter makes when per-channel dense quantization is on): unit `u`
/// uses `multipliers[u]`/`shifts[u]`
/// ([`super::prepare::conv_multiplier`], TFLM's per-channel formula).
pub fn dense_per_channel<const IN: usize, const UNITS: usize, const WN: usize>(
    input: &[i8; IN],
    weights: &[i8; WN],
    bias: &[i32; UNITS],
    multipliers: &[i32; UNITS],
    shifts: &[i32; UNITS],
    output: &mut [i8; UNITS],
    quant: DenseQuant,
) {
    assert_dense_shape!("dense_per_channel");
    let act = (quant.act_min, quant.act_max);
    let requant = bias.iter().zip(multipliers).zip(shifts);
    let units = output.iter_mut().zip(weights.chunks_exact(IN)).zip(requant);
    for ((out, row), ((&b, &multiplier), &shift)) in units {
        let acc = accumulate(b, input, row);
        *out = requantize(acc, multiplier, shift, quant.output_offset, act);
    }
}
