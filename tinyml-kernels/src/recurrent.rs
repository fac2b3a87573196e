//! Recurrent layers: Keras' `LSTM` (TFLite's UNIDIRECTIONAL_SEQUENCE_LSTM)
//! for `f32` and fixed point.

use crate::Element;
use crate::math::{sigmoid_f32, tanh_f32};

/// The LSTM's gates, in Keras' order along the weights' last axis.
const INPUT: usize = 0;
const FORGET: usize = 1;
const CELL: usize = 2;
const OUTPUT: usize = 3;

/// An LSTM over `STEPS` steps of `FEATURES` values, with `UNITS` units,
/// from a zero state (TFLite's UNIDIRECTIONAL_SEQUENCE_LSTM after
/// `reset()`, Keras' `LSTM` with `stateful=False`).
///
/// `weights` is Keras' kernel `[FEATURES][4·UNITS]` followed by its
/// recurrent kernel `[UNITS][4·UNITS]`, gates input, forget, cell, output;
/// `bias` is `[4·UNITS]` in the same order. `output` is every step's hidden
/// state (`OUT = STEPS·UNITS`) or the last one (`OUT = UNITS`). A
/// `cell_clip` above 0 bounds the cell state to `[−cell_clip, cell_clip]`.
///
/// Each value is computed in `f32` in TFLM's order of operations: a gate
/// is `(Σ_d x[d]·w[d] + bias) + Σ_k h[k]·r[k]`, each sum from 0 in index
/// order, then its sigmoid (tanh for the cell gate); then `c = f·c`,
/// `c = c + i·g`, the clip, and `h = tanh(c)·o`. A fixed-point input,
/// weight or hidden state is converted with [`Element::to_f32`] and each
/// output rounded back once ([`Element::from_f32_saturating`]).
#[allow(clippy::too_many_arguments)]
pub fn lstm<
    T: Element,
    const STEPS: usize,
    const FEATURES: usize,
    const UNITS: usize,
    const IN: usize,
    const OUT: usize,
    const WN: usize,
    const BN: usize,
>(
    input: &[T; IN],
    weights: &[T; WN],
    bias: &[T; BN],
    output: &mut [T; OUT],
    cell_clip: f32,
) {
    const {
        assert!(STEPS > 0 && FEATURES > 0 && UNITS > 0, "lstm: empty shape");
        assert!(IN == STEPS * FEATURES, "lstm: IN must be STEPS * FEATURES");
        assert!(
            OUT == STEPS * UNITS || OUT == UNITS,
            "lstm: OUT must be STEPS * UNITS or UNITS"
        );
        assert!(
            WN == (FEATURES + UNITS) * 4 * UNITS,
            "lstm: WN must be (FEATURES + UNITS) * 4 * UNITS"
        );
        assert!(BN == 4 * UNITS, "lstm: BN must be 4 * UNITS");
    };
    let row = 4 * UNITS;
    let (kernel, recurrent) = weights.split_at(FEATURES * row);
    let mut cell = [0.0f32; UNITS];
    let mut hidden = [0.0f32; UNITS];
    let mut next = [0.0f32; UNITS];
    for (step, x) in input.chunks_exact(FEATURES).enumerate() {
        let gate = |g: usize, u: usize| {
            let column = g * UNITS + u;
            let mut from_input = 0.0f32;
            for (d, &value) in x.iter().enumerate() {
                from_input += value.to_f32() * kernel[d * row + column].to_f32();
            }
            let mut from_state = 0.0f32;
            for (k, &h) in hidden.iter().enumerate() {
                from_state += h * recurrent[k * row + column].to_f32();
            }
            (from_input + bias[column].to_f32()) + from_state
        };
        for (u, h) in next.iter_mut().enumerate() {
            let forget = sigmoid_f32(gate(FORGET, u));
            let input_gate = sigmoid_f32(gate(INPUT, u));
            let candidate = tanh_f32(gate(CELL, u));
            let mut c = forget * cell[u];
            c += input_gate * candidate;
            if cell_clip > 0.0 {
                c = c.clamp(-cell_clip, cell_clip);
            }
            cell[u] = c;
            *h = tanh_f32(c) * sigmoid_f32(gate(OUTPUT, u));
        }
        for (h, &n) in hidden.iter_mut().zip(&next) {
            *h = T::from_f32_saturating(n).to_f32();
        }
        let at = if OUT == UNITS { 0 } else { step * UNITS };
        if OUT != UNITS || step + 1 == STEPS {
            for (o, &h) in output[at..at + UNITS].iter_mut().zip(&next) {
                *o = T::from_f32_saturating(h);
            }
        }
    }
}

#[cfg(test)]
mod tests;
