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
//! **Speed.** Where the target has DSP instructions (Cortex-M4, M7, M33),
//! four units at a time take each word of the input, two `SMLAD`s per four
//! products (the `dot` module); elsewhere one unit at a time, a plain
//! loop. Both give the same bits.
//!
//! [`prepare::fold_bias_rows`]: super::prepare::fold_bias_rows
//! [`multiply_by_quantized_multiplier`]: super::quant::multiply_by_quantized_multiplier

use super::dot;
use super::requantize;
use crate::arch::DSP;

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

/// Calls `emit(u, accumulator)` for every unit `u` in order: with DSP
/// instructions [`each_unit_blocked`], elsewhere one unit at a time.
#[inline(always)]
fn each_unit<const IN: usize>(
    input: &[i8; IN],
    weights: &[i8],
    bias: &[i32],
    mut emit: impl FnMut(usize, i32),
) {
    if DSP {
        return each_unit_blocked(input, weights, bias, emit);
    }
    let rows = weights.as_chunks::<IN>().0;
    for (u, (row, &b)) in rows.iter().zip(bias).enumerate() {
        emit(u, accumulate(b, input, row));
    }
}

/// [`each_unit`] with [`dot::ROWS`] units at a time sharing each load of
/// the input ([`dot::dot_rows`]).
#[inline(always)]
fn each_unit_blocked<const IN: usize>(
    input: &[i8; IN],
    weights: &[i8],
    bias: &[i32],
    mut emit: impl FnMut(usize, i32),
) {
    let rows = weights.as_chunks::<IN>().0;
    let (blocks, rest) = rows.as_chunks::<{ dot::ROWS }>();
    let (bias_blocks, bias_rest) = bias.as_chunks::<{ dot::ROWS }>();
    for (index, (block, bias)) in blocks.iter().zip(bias_blocks).enumerate() {
        let sums = dot::dot_rows(input, block.each_ref().map(|row| row.as_slice()), *bias);
        for (r, sum) in sums.into_iter().enumerate() {
            emit(index * dot::ROWS + r, sum);
        }
    }
    let first = blocks.len() * dot::ROWS;
    for (u, (row, &b)) in rest.iter().zip(bias_rest).enumerate() {
        let [sum] = dot::dot_rows(input, [row.as_slice()], [b]);
        emit(first + u, sum);
    }
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
    each_unit(input, weights, bias, |u, acc| {
        if let Some(out) = output.get_mut(u) {
            *out = requantize(acc, multiplier, shift, quant.output_offset, act);
        }
    });
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
    each_unit(input, weights, bias, |u, acc| {
        if let (Some(out), Some(&multiplier), Some(&shift)) =
            (output.get_mut(u), multipliers.get(u), shifts.get(u))
        {
            *out = requantize(acc, multiplier, shift, quant.output_offset, act);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The blocked order (taken with DSP instructions; here with their
    /// portable twins) gives every unit the plain sum, for unit counts that
    /// fill blocks and that leave some over.
    #[test]
    fn blocked_units_equal_plain_units() {
        fn check<const IN: usize, const UNITS: usize>(seed: i32) {
            let input: [i8; IN] = core::array::from_fn(|i| (i as i32 * 37 + seed) as i8);
            let weights: [[i8; IN]; UNITS] = core::array::from_fn(|u| {
                core::array::from_fn(|i| ((u * 91 + i * 13) as i32 - seed) as i8)
            });
            let bias: [i32; UNITS] = core::array::from_fn(|u| u as i32 * 1000 - 3000);
            let flat = weights.as_flattened();
            let mut plain = [0; UNITS];
            let rows = flat.chunks_exact(IN).zip(&bias);
            for (out, (row, &b)) in plain.iter_mut().zip(rows) {
                *out = accumulate(b, &input, row);
            }
            let mut blocked = [None; UNITS];
            each_unit_blocked(&input, flat, &bias, |u, acc| blocked[u] = Some(acc));
            assert_eq!(blocked, plain.map(Some), "IN = {IN}, UNITS = {UNITS}");
        }
        check::<640, 8>(5);
        check::<13, 7>(-9);
        check::<3, 1>(100);
        check::<128, 10>(0);
    }
}
