//! Quantized LSTM: TFLM's integer UNIDIRECTIONAL_SEQUENCE_LSTM (`int8`
//! activations and weights, `int16` cell state; `lstm_eval.h`), from a zero
//! state as after TFLM's `reset()`: the hidden state holds its zero point,
//! the cell state 0. The state lives in the model's arena (its scratch).
//!
//! Per step and unit, each gate is two fully connected sums requantized to
//! `int16` at scale 2^-12 with their own multipliers — the input's `Σ w ·
//! (x − x_zp) + bias` and the hidden state's `Σ r · (h − h_zp)` — added
//! with saturation, then TFLM's `int16` logistic (tanh for the cell gate)
//! to Q0.15. The cell state is `f · c` and `i · g` requantized to its scale
//! and added with saturation, then clipped; the hidden state is `tanh(c) ·
//! o` requantized to `int8`. Each requantization is
//! [`multiply_by_quantized_multiplier`] and a clamp, as TFLM's `Mul` and
//! `FullyConnected` do; the sums wrap modulo 2³² as TFLM's do in practice.

use super::quant::int16_activation::{Int16Rescale, logistic_i16, tanh_i16};
use super::quant::multiply_by_quantized_multiplier;
use crate::recurrent::{CELL, FORGET, INPUT, OUTPUT};

/// One gate's two requantizations to Q3.12.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GateQuant {
    /// `(multiplier, shift)` of `input_scale · weight_scale / 2^-12`.
    pub input: (i32, i32),
    /// `(multiplier, shift)` of `hidden_scale · recurrent_weight_scale / 2^-12`.
    pub recurrent: (i32, i32),
}

/// The parameters of an LSTM, prepared by
/// [`prepare::lstm`](super::prepare::lstm).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LstmQuant {
    /// The input's zero point.
    pub input_zero_point: i32,
    /// The hidden state's (and output's) zero point.
    pub hidden_zero_point: i32,
    /// Gates input, forget, cell, output.
    pub gates: [GateQuant; 4],
    /// `(multiplier, shift)` of `f · c` (2^-15 · cell scale / cell scale).
    pub forget_cell: (i32, i32),
    /// `(multiplier, shift)` of `i · g` (2^-30 / cell scale).
    pub input_cell: (i32, i32),
    /// `(multiplier, shift)` of `tanh(c) · o` (2^-30 / hidden scale).
    pub hidden: (i32, i32),
    /// The cell state's bound, if clipped.
    pub cell_clip: Option<i16>,
    /// The rescaling of the cell state into the tanh (from its
    /// power-of-two scale).
    pub cell_tanh: Int16Rescale,
}

/// The rescaling of a gate's Q3.12 sum into the logistic or tanh.
const GATE: Int16Rescale = Int16Rescale::of(0, 0);

/// TFLM's `FullyConnected` and `Mul` output: `offset + M · acc`, clamped.
#[inline(always)]
fn requantize(acc: i32, (multiplier, shift): (i32, i32), offset: i32, min: i32, max: i32) -> i32 {
    (multiply_by_quantized_multiplier(acc, multiplier, shift) + offset).clamp(min, max)
}

/// [`requantize`] to a symmetric `int16` (a gate's sum, a cell product).
#[inline(always)]
fn to_i16(acc: i32, scale: (i32, i32)) -> i16 {
    requantize(acc, scale, 0, i16::MIN.into(), i16::MAX.into()) as i16
}

/// An LSTM over `STEPS` steps of `FEATURES` values with `UNITS` units;
/// weights and bias in the layout of [`crate::recurrent::lstm`], `output`
/// every step's hidden state (`OUT = STEPS·UNITS`) or the last
/// (`OUT = UNITS`). `scratch` holds the `int16` cell state, two bytes a
/// value (little-endian), and for the last step only also the previous
/// hidden state: `S = 2·UNITS` or `3·UNITS`.
pub fn lstm<
    const STEPS: usize,
    const FEATURES: usize,
    const UNITS: usize,
    const IN: usize,
    const OUT: usize,
    const WN: usize,
    const BN: usize,
    const S: usize,
>(
    input: &[i8; IN],
    weights: &[i8; WN],
    bias: &[i32; BN],
    output: &mut [i8; OUT],
    scratch: &mut [i8; S],
    quant: LstmQuant,
) {
    const {
        assert!(STEPS > 0 && FEATURES > 0 && UNITS > 0, "lstm: empty shape");
        assert!(IN == STEPS * FEATURES, "lstm: IN must be STEPS * FEATURES");
        assert!(
            (OUT == STEPS * UNITS && S == 2 * UNITS) || (OUT == UNITS && S == 3 * UNITS),
            "lstm: OUT, S must be STEPS * UNITS, 2 * UNITS (every step) or UNITS, 3 * UNITS (the last)"
        );
        assert!(
            WN == (FEATURES + UNITS) * 4 * UNITS,
            "lstm: WN must be (FEATURES + UNITS) * 4 * UNITS"
        );
        assert!(BN == 4 * UNITS, "lstm: BN must be 4 * UNITS");
    };
    let every_step = S == 2 * UNITS;
    let row = 4 * UNITS;
    let (kernel, recurrent) = weights.split_at(FEATURES * row);
    let (x_zp, h_zp) = (quant.input_zero_point, quant.hidden_zero_point);
    let (cell, saved) = scratch.split_at_mut(2 * UNITS);
    cell.fill(0);
    for (step, x) in input.chunks_exact(FEATURES).enumerate() {
        let (done, rest) = output.split_at_mut(if every_step { step * UNITS } else { 0 });
        // The zero state (the hidden state at its zero point) contributes
        // 0 to every recurrent sum: the first step skips them.
        let previous: Option<&[i8]> = match step {
            0 => None,
            _ if every_step => Some(&done[(step - 1) * UNITS..]),
            _ => Some(saved),
        };
        let gate = |g: usize, u: usize| {
            let column = g * UNITS + u;
            let q = quant.gates[g];
            let mut from_input = 0i32;
            for (d, &value) in x.iter().enumerate() {
                from_input = from_input
                    .wrapping_add(i32::from(kernel[d * row + column]) * (i32::from(value) - x_zp));
            }
            let mut from_state = 0i32;
            for (k, &h) in previous.unwrap_or(&[]).iter().enumerate() {
                from_state = from_state
                    .wrapping_add(i32::from(recurrent[k * row + column]) * (i32::from(h) - h_zp));
            }
            to_i16(from_input.wrapping_add(bias[column]), q.input)
                .saturating_add(to_i16(from_state, q.recurrent))
        };
        let hidden = &mut rest[..UNITS];
        for (u, (h, state)) in hidden.iter_mut().zip(cell.chunks_exact_mut(2)).enumerate() {
            let forget = logistic_i16(gate(FORGET, u), GATE);
            let input_gate = logistic_i16(gate(INPUT, u), GATE);
            let candidate = tanh_i16(gate(CELL, u), GATE);
            let old = i16::from_le_bytes([state[0] as u8, state[1] as u8]);
            let kept = to_i16(i32::from(forget) * i32::from(old), quant.forget_cell);
            let added = to_i16(
                i32::from(input_gate) * i32::from(candidate),
                quant.input_cell,
            );
            let mut c = kept.saturating_add(added);
            if let Some(clip) = quant.cell_clip {
                c = c.clamp(-clip, clip);
            }
            let [low, high] = c.to_le_bytes();
            state.copy_from_slice(&[low as i8, high as i8]);
            let output_gate = logistic_i16(gate(OUTPUT, u), GATE);
            let product = i32::from(tanh_i16(c, quant.cell_tanh)) * i32::from(output_gate);
            *h = requantize(product, quant.hidden, h_zp, i8::MIN.into(), i8::MAX.into()) as i8;
        }
        if !every_step {
            saved.copy_from_slice(hidden);
        }
    }
}
