//! `lstm(units, return_sequences = true|false, cell_clip = C)`: Keras'
//! `LSTM` on a `[steps, features]` sequence (TFLite's
//! UNIDIRECTIONAL_SEQUENCE_LSTM, batch 1): tanh cell activation, sigmoid
//! gates, no peephole, projection or layer norm. The state starts at zero
//! on every inference (Keras' `stateful=False`).
//!
//! Weights in Keras' layout, the kernel `[features][4·units]` followed by
//! the recurrent kernel `[units][4·units]` (so `[features + units][4·units]`),
//! the gates in the order input, forget, cell, output along the last axis;
//! bias `[4·units]` in the same order.
//!
//! The output is every step's hidden state, `[steps, units]` (Keras'
//! `return_sequences=True`), or with `return_sequences = false` the last
//! one, `[units]`. `cell_clip` clamps the cell state to `[−C, C]` after each
//! update (TFLite's converter writes 10 for Keras' LSTMs; Keras itself does
//! not clip, the default). The state lives in the activation arena, for the
//! layer's step only ([`Op::scratch`]).

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::{Op, ParamShape};
use crate::shape::{ShapeError, sequence};

/// The arguments of `lstm`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lstm {
    /// The size of the hidden and cell state.
    pub units: usize,
    /// Every step's hidden state (`true`) or only the last one.
    pub return_sequences: bool,
    /// The cell state's bound, if clipped: finite and positive.
    pub cell_clip: Option<f32>,
}

/// The four gates, in Keras' (and TFLite's weight tensors') order.
pub const GATES: usize = 4;

impl Op for Lstm {
    const NAME: &'static str = "lstm";
    const PARAMS: Option<usize> = Some(1);
    const RECORD: Option<u8> = Some(60);

    fn output_shape(&self, inputs: &[&[usize]]) -> Result<Vec<usize>, ShapeError> {
        let [steps, _] = sequence(Self::NAME, inputs[0])?;
        Ok(if self.return_sequences {
            vec![steps, self.units]
        } else {
            vec![self.units]
        })
    }

    fn params(&self, input: &[usize]) -> Option<ParamShape> {
        let &[_, features] = input else {
            return None;
        };
        Some(ParamShape {
            weights: vec![features.checked_add(self.units)?, self.gates()?],
            bias: self.gates()?,
        })
    }

    /// The cell state (`i8` models keep it in `int16`: two elements a
    /// value), and with `return_sequences = false` the previous step's
    /// hidden state (with every step's, it is the output's previous row).
    fn scratch(&self, _input: &[usize], int8: bool) -> usize {
        let cell = if int8 { 2 * self.units } else { self.units };
        let hidden = if self.return_sequences { 0 } else { self.units };
        cell + hidden
    }

    /// Per step, each gate's products with the input and the previous
    /// hidden state.
    fn macs(&self, input: &[usize], _output: &[usize]) -> Option<usize> {
        let &[steps, features] = input else {
            return Some(0);
        };
        steps
            .checked_mul(features.checked_add(self.units)?)?
            .checked_mul(self.gates()?)
    }

    fn dsl(&self) -> String {
        let mut text = format!("lstm({}", self.units);
        if !self.return_sequences {
            text += ", return_sequences = false";
        }
        if let Some(clip) = self.cell_clip {
            // `{:?}` reads back as the same f32, always a float literal.
            text += &format!(", cell_clip = {clip:?}");
        }
        text + ")"
    }
}

impl Lstm {
    /// `4 · units`, the length of the bias and of each weight row.
    pub fn gates(&self) -> Option<usize> {
        self.units.checked_mul(GATES)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn shapes_params_macs_and_text() {
        let layer = Lstm {
            units: 20,
            return_sequences: true,
            cell_clip: Some(10.0),
        };
        assert_eq!(layer.output_shape(&[&[28, 5]]).unwrap(), [28, 20]);
        let last = Lstm {
            return_sequences: false,
            cell_clip: None,
            ..layer
        };
        assert_eq!(last.output_shape(&[&[28, 5]]).unwrap(), [20]);
        let shape = layer.params(&[28, 5]).unwrap();
        assert_eq!((shape.weights, shape.bias), (vec![25, 80], 80));
        assert_eq!(layer.macs(&[28, 5], &[28, 20]), Some(28 * 25 * 80));
        assert_eq!(
            (
                layer.scratch(&[28, 5], false),
                layer.scratch(&[28, 5], true)
            ),
            (20, 40)
        );
        assert_eq!(
            (last.scratch(&[28, 5], false), last.scratch(&[28, 5], true)),
            (40, 60)
        );
        assert_eq!(layer.dsl(), "lstm(20, cell_clip = 10.0)");
        assert_eq!(last.dsl(), "lstm(20, return_sequences = false)");
        assert_eq!(
            layer.output_shape(&[&[4, 4, 2]]).unwrap_err().to_string(),
            "`lstm` needs a [steps, channels] input, but its input here has shape [4, 4, 2]"
        );
    }
}
