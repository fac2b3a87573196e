//! Recurrent layers: Keras' `LSTM` (TFLite's UNIDIRECTIONAL_SEQUENCE_LSTM)
//! for `f32` and fixed point.

use crate::Element;
use crate::math::{sigmoid_f32, tanh_f32};

/// The LSTM's gates, in Keras' order along the weights' last axis (the
/// `i8` kernel's too).
pub(crate) const INPUT: usize = 0;
pub(crate) const FORGET: usize = 1;
pub(crate) const CELL: usize = 2;
pub(crate) const OUTPUT: usize = 3;

/// An LSTM over `STEPS` steps of `FEATURES` values, with `UNITS` units,
/// from a zero state (TFLite's UNIDIRECTIONAL_SEQUENCE_LSTM after
/// `reset()`, Keras' `LSTM` with `stateful=False`).
///
/// `weights` is Keras' kernel `[FEATURES][4·UNITS]` followed by its
/// recurrent kernel `[UNITS][4·UNITS]`, gates input, forget, cell, output;
/// `bias` is `[4·UNITS]` in the same order. `output` is every step's hidden
/// state (`OUT = STEPS·UNITS`, `S = UNITS`: the scratch holds the cell
/// state, and each step reads the previous one's output) or the last one
/// (`OUT = UNITS`, `S = 2·UNITS`: the scratch also keeps the previous hidden
/// state). A `cell_clip` above 0 bounds the cell state to `[−cell_clip,
/// cell_clip]`.
///
/// Each value is computed in `f32` in TFLM's order of operations: a gate
/// is `(Σ_d x[d]·w[d] + bias) + Σ_k h[k]·r[k]`, each sum from 0 in index
/// order, then its sigmoid (tanh for the cell gate); then `c = f·c`,
/// `c = c + i·g`, the clip, and `h = tanh(c)·o`. The state is kept in `T`:
/// a fixed-point input, weight or state is converted with
/// [`Element::to_f32`] and each new state value rounded back once
/// ([`Element::from_f32_saturating`]).
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
    const S: usize,
>(
    input: &[T; IN],
    weights: &[T; WN],
    bias: &[T; BN],
    output: &mut [T; OUT],
    scratch: &mut [T; S],
    cell_clip: f32,
) {
    const {
        assert!(STEPS > 0 && FEATURES > 0 && UNITS > 0, "lstm: empty shape");
        assert!(IN == STEPS * FEATURES, "lstm: IN must be STEPS * FEATURES");
        assert!(
            (OUT == STEPS * UNITS && S == UNITS) || (OUT == UNITS && S == 2 * UNITS),
            "lstm: OUT, S must be STEPS * UNITS, UNITS (every step) or UNITS, 2 * UNITS (the last)"
        );
        assert!(
            WN == (FEATURES + UNITS) * 4 * UNITS,
            "lstm: WN must be (FEATURES + UNITS) * 4 * UNITS"
        );
        assert!(BN == 4 * UNITS, "lstm: BN must be 4 * UNITS");
    };
    let every_step = S == UNITS;
    let row = 4 * UNITS;
    let (kernel, recurrent) = weights.split_at(FEATURES * row);
    let (cell, saved) = scratch.split_at_mut(UNITS);
    cell.fill(T::default());
    for (step, x) in input.chunks_exact(FEATURES).enumerate() {
        let (done, rest) = output.split_at_mut(if every_step { step * UNITS } else { 0 });
        // The zero state's recurrent sums are 0: the first step skips them.
        let previous: Option<&[T]> = match step {
            0 => None,
            _ if every_step => Some(&done[(step - 1) * UNITS..]),
            _ => Some(saved),
        };
        let gate = |g: usize, u: usize| {
            let column = g * UNITS + u;
            let mut from_input = 0.0f32;
            for (d, &value) in x.iter().enumerate() {
                from_input += value.to_f32() * kernel[d * row + column].to_f32();
            }
            let mut from_state = 0.0f32;
            for (k, &h) in previous.unwrap_or(&[]).iter().enumerate() {
                from_state += h.to_f32() * recurrent[k * row + column].to_f32();
            }
            (from_input + bias[column].to_f32()) + from_state
        };
        let hidden = &mut rest[..UNITS];
        for (u, h) in hidden.iter_mut().enumerate() {
            let forget = sigmoid_f32(gate(FORGET, u));
            let input_gate = sigmoid_f32(gate(INPUT, u));
            let candidate = tanh_f32(gate(CELL, u));
            let mut c = forget * cell[u].to_f32();
            c += input_gate * candidate;
            if cell_clip > 0.0 {
                c = c.clamp(-cell_clip, cell_clip);
            }
            cell[u] = T::from_f32_saturating(c);
            let output_gate = sigmoid_f32(gate(OUTPUT, u));
            *h = T::from_f32_saturating(tanh_f32(cell[u].to_f32()) * output_gate);
        }
        if !every_step {
            saved.copy_from_slice(hidden);
        }
    }
}

#[cfg(test)]
mod tests;
