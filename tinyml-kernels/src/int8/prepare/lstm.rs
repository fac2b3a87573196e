//! The prepare step of the integer LSTM (TFLM's
//! `PrepareGateParametersInteger` and `CreateLstmCellStateInfo`).

use super::{PrepareError, TensorQuant, check, dense_multiplier};
use crate::int8::float::frexp;
use crate::int8::lstm::{GateQuant, LstmQuant};
use crate::int8::quant::int16_activation::Int16Rescale;
use crate::int8::quant::quantize_multiplier;

/// The gates' sums and the activations' inputs: Q3.12.
const GATE_SCALE: f32 = 1.0 / 4096.0;
/// The activations' outputs: Q0.15.
const ACTIVATION_SCALE: f32 = 1.0 / 32768.0;

/// TFLM's `CreateInterGateMulParams`: `s1 · s2 / out` in `f64`.
const fn product_multiplier(s1: f32, s2: f32, out: f32) -> (i32, i32) {
    quantize_multiplier(s1 as f64 * s2 as f64 / out as f64)
}

/// The [`LstmQuant`] of an LSTM on `input` whose hidden state (and output)
/// is quantized `hidden`, with its `cell_scale` and `cell_clip`, and the
/// weight scales of the gates input, forget, cell, output: `kernel` for the
/// input's weights, `recurrent` for the hidden state's.
///
/// Each gate's sums requantize to 2^-12 with multipliers as TFLM's fully
/// connected layer computes them ([`dense_multiplier`]); the products
/// `f · c` (2^-15 · cell / cell), `i · g` (2^-30 / cell) and `tanh(c) · o`
/// (2^-30 / hidden) as its `Mul`. The cell clip is `clip / cell_scale` in
/// `f64`, clamped to `int16` and truncated; the cell state's tanh rescales
/// by its power of two, `2^p` for a scale of `2^(p − 15 + 3)` (12 + p < 0:
/// multiplier 3 and a right shift, else `3 << (12 + p)`).
///
/// # Errors
///
/// A bad scale or zero point, or a cell scale that is not a power of two
/// between 2^-27 and 2^2 (TFLM's integer tanh of the cell state assumes
/// one).
pub const fn lstm(
    input: TensorQuant,
    hidden: TensorQuant,
    kernel: [f32; 4],
    recurrent: [f32; 4],
    cell_scale: f32,
    cell_clip: Option<f32>,
) -> Result<LstmQuant, PrepareError> {
    if let Err(e) = check(input) {
        return Err(e);
    }
    if let Err(e) = check(hidden) {
        return Err(e);
    }
    let scales = [
        kernel[0],
        kernel[1],
        kernel[2],
        kernel[3],
        recurrent[0],
        recurrent[1],
        recurrent[2],
        recurrent[3],
        cell_scale,
    ];
    let mut i = 0;
    while i < scales.len() {
        if !(scales[i].is_finite() && scales[i] > 0.0) {
            return Err(PrepareError::BadScale);
        }
        i += 1;
    }
    let (mantissa, exponent) = frexp(cell_scale as f64);
    if mantissa != 0.5 {
        return Err(PrepareError::LstmCellScale);
    }
    // cell_scale = 2^power; TFLM's `(15 + power) − 3`.
    let power = exponent - 1;
    let tanh_shift = 12 + power;
    if tanh_shift < -15 || tanh_shift > 14 {
        return Err(PrepareError::LstmCellScale);
    }
    let cell_tanh = if tanh_shift < 0 {
        Int16Rescale::of(3, -tanh_shift)
    } else {
        Int16Rescale::of(0, tanh_shift)
    };
    let mut gates = [GateQuant {
        input: (0, 0),
        recurrent: (0, 0),
    }; 4];
    let mut g = 0;
    while g < 4 {
        gates[g] = GateQuant {
            input: dense_multiplier(input.scale, kernel[g], GATE_SCALE),
            recurrent: dense_multiplier(hidden.scale, recurrent[g], GATE_SCALE),
        };
        g += 1;
    }
    let cell_clip = match cell_clip {
        Some(clip) if clip > 0.0 => {
            let bound = clip as f64 / cell_scale as f64;
            let bound = if bound < -32768.0 {
                -32768.0
            } else if bound > 32767.0 {
                32767.0
            } else {
                bound
            };
            Some(bound as i16)
        }
        _ => None,
    };
    Ok(LstmQuant {
        input_zero_point: input.zero_point,
        hidden_zero_point: hidden.zero_point,
        gates,
        forget_cell: product_multiplier(ACTIVATION_SCALE, cell_scale, cell_scale),
        input_cell: product_multiplier(ACTIVATION_SCALE, ACTIVATION_SCALE, cell_scale),
        hidden: product_multiplier(ACTIVATION_SCALE, ACTIVATION_SCALE, hidden.scale),
        cell_clip,
        cell_tanh,
    })
}
