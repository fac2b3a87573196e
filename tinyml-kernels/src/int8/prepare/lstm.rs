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
/// `f64`, clamped to `int16` and truncated. The tanh of a cell state of
/// scale `2^p` reads it as Q3.12 shifted by `12 + p` (TFLM's
/// `(15 + p) − 3`): multiplier `3 << (12 + p)` for `p ≥ −12`, else
/// multiplier 3 and a rounding right shift by `−(12 + p)`.
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

#[cfg(test)]
mod tests {
    use super::*;

    const Q: TensorQuant = TensorQuant {
        scale: 1.0 / 128.0,
        zero_point: -1,
    };

    fn with_cell(scale: f32, clip: Option<f32>) -> Result<LstmQuant, PrepareError> {
        lstm(Q, Q, [0.01; 4], [0.02; 4], scale, clip)
    }

    #[test]
    fn the_cell_scale_sets_the_tanh_rescaling_and_the_clip() {
        // micro_speech_lstm's cell state: 2^-11, clip 10 → 20480.
        let q = with_cell(2f32.powi(-11), Some(10.0)).unwrap();
        assert_eq!(q.cell_tanh, Int16Rescale::of(0, 1));
        assert_eq!(q.cell_tanh.multiplier, 6);
        assert_eq!(q.cell_clip, Some(20480));
        // trained_lstm_int8's: 2^-12, where 10 saturates int16.
        let q = with_cell(2f32.powi(-12), Some(10.0)).unwrap();
        assert_eq!((q.cell_tanh.multiplier, q.cell_tanh.shift), (3, 0));
        assert_eq!(q.cell_clip, Some(32767));
        let q = with_cell(2f32.powi(-14), None).unwrap();
        assert_eq!((q.cell_tanh.multiplier, q.cell_tanh.shift), (3, 2));
        assert_eq!(q.cell_clip, None);
        assert_eq!(with_cell(0.0003, None), Err(PrepareError::LstmCellScale));
        assert_eq!(
            with_cell(2f32.powi(-28), None),
            Err(PrepareError::LstmCellScale)
        );
    }

    #[test]
    fn the_products_requantize_by_powers_of_two() {
        let q = with_cell(2f32.powi(-11), None).unwrap();
        // 2^-15 → (2^30, −14); 2^-30 / 2^-11 = 2^-19 → (2^30, −18).
        assert_eq!(q.forget_cell, (1 << 30, -14));
        assert_eq!(q.input_cell, (1 << 30, -18));
        assert_eq!(
            q.gates[0].input,
            dense_multiplier(Q.scale, 0.01, GATE_SCALE)
        );
        assert_eq!((q.input_zero_point, q.hidden_zero_point), (-1, -1));
    }
}
