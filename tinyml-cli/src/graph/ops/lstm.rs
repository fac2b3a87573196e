//! `UNIDIRECTIONAL_SEQUENCE_LSTM` → `lstm` (Keras' `LSTM` with
//! `return_sequences=True`): the 24-input layout of TFLite's LSTM, batch 1,
//! batch-major, tanh cell activation, no peephole, projection, layer
//! normalization or coupled input gate. The per-gate tensors become Keras'
//! layout (the kernel `[features][4·units]` over the recurrent kernel
//! `[units][4·units]`, gates input, forget, cell, output; the bias
//! `[4·units]`); an int8 model's record carries the eight weight scales in
//! that order and then the cell state's scale. Keras' `return_sequences=False`
//! (the converter's STRIDED_SLICE of the last step, read by nothing else)
//! becomes `lstm(…, return_sequences = false)`.

use tinyml_spec::ops::lstm::{GATES, Lstm};

use crate::Error;
use crate::error::bail;
use crate::graph::constant::Scalar;
use crate::graph::lowering::{Lowering, op_label};
use crate::graph::{Element, Layer, Params, Quant, ShapeDisplay, ValueId};
use crate::tflite::{Activation, DType, Operator, Options};

/// The inputs of each gate's weights on the input (then 5..=8 on the
/// hidden state, 12..=15 the biases), in Keras' gate order.
const INPUT_WEIGHTS: [usize; GATES] = [1, 2, 3, 4];
const RECURRENT_WEIGHTS: [usize; GATES] = [5, 6, 7, 8];
const BIASES: [usize; GATES] = [12, 13, 14, 15];
/// The hidden and cell state (variable tensors).
const HIDDEN_STATE: usize = 18;
const CELL_STATE: usize = 19;

/// Optional inputs of LSTM variants that `lstm` is not, and what they are.
const VARIANTS: [(&[usize], &str); 3] = [
    (&[9, 10, 11], "peephole connections (inputs 9 to 11)"),
    (&[16, 17], "a projection (inputs 16 and 17)"),
    (&[20, 21, 22, 23], "layer normalization (inputs 20 to 23)"),
];

impl Lowering<'_, '_> {
    pub(super) fn lstm(&mut self, op: &Operator) -> Result<(), Error> {
        let Options::UnidirectionalSequenceLstm {
            activation,
            cell_clip,
            proj_clip: _,
            time_major,
            asymmetric_quantize_inputs: _,
            diagonal_recurrent_tensors,
        } = op.options
        else {
            bail!(
                "{}: missing UnidirectionalSequenceLSTMOptions",
                op_label(op)
            );
        };
        if op.inputs.len() != 24 {
            bail!(
                "{}: it has {} inputs; TFLite's LSTM has 24",
                op_label(op),
                op.inputs.len()
            );
        }
        for (inputs, what) in VARIANTS {
            if inputs.iter().any(|&i| op.input(i).is_some()) {
                bail!(
                    "{}: {what} is not supported; `lstm` is Keras' LSTM",
                    op_label(op)
                );
            }
        }
        if op.input(1).is_none() {
            bail!(
                "{}: coupled input and forget gates (no input gate weights, CIFG) are not supported",
                op_label(op)
            );
        }
        if activation != Activation::Tanh {
            bail!(
                "{}: cell activation {activation} is not supported (only TANH, Keras' default)",
                op_label(op)
            );
        }
        if time_major {
            bail!(
                "{}: a time-major input ([steps, batch, features]) is not supported; Keras exports batch-major",
                op_label(op)
            );
        }
        if diagonal_recurrent_tensors {
            bail!(
                "{}: diagonal recurrent weights are not supported",
                op_label(op)
            );
        }
        if !(cell_clip.is_finite() && cell_clip >= 0.0) {
            bail!(
                "{}: cell_clip {cell_clip} is not a finite bound",
                op_label(op)
            );
        }
        let x = self.activation_input(op, 0)?;
        let &[_, features] = self.shape_of(x) else {
            bail!(
                "{}: expected an input of shape [steps, features] (after the batch), found {}",
                op_label(op),
                ShapeDisplay(self.shape_of(x))
            );
        };
        let units = self.weight_shape(op, 2)?[0];
        let params = match self.graph.element {
            Element::F32 => Params::F32 {
                weights: self.keras_kernels::<f32>(op, features, units)?,
                bias: self.keras_bias::<f32>(op, units)?,
            },
            Element::I8 => {
                let mut scales = Vec::with_capacity(2 * GATES + 1);
                for &i in INPUT_WEIGHTS.iter().chain(&RECURRENT_WEIGHTS) {
                    scales.push(self.lstm_weight_scale(op, i)?);
                }
                scales.push(self.cell_state_scale(op)?);
                self.hidden_state_is_output(op)?;
                Params::I8 {
                    weights: self.keras_kernels::<i8>(op, features, units)?,
                    scales,
                    zero_point: 0,
                    bias: self.keras_bias::<i32>(op, units)?,
                }
            }
        };
        let layer = Lstm {
            units,
            return_sequences: true,
            cell_clip: (cell_clip > 0.0).then_some(cell_clip),
        };
        self.push(
            op,
            Layer::from(layer),
            Some(params),
            vec![x],
            Activation::None,
        )
    }

    /// Keras' `return_sequences=False`, which the converter writes as the
    /// whole sequence and a STRIDED_SLICE `op` of its last step: when value
    /// `x` is an `lstm`'s output that nothing else reads, that `lstm` keeps
    /// only its last step and gives `op`'s output.
    pub(super) fn lstm_keeps_last_step(
        &mut self,
        op: &Operator,
        x: ValueId,
    ) -> Result<bool, Error> {
        let (Some(read), [written]) = (op.input(0), op.outputs.as_slice()) else {
            return Ok(false);
        };
        let readers = self
            .model
            .operators
            .iter()
            .filter(|o| o.inputs.contains(&Some(read)))
            .count();
        let is_output = self.output_tensors.contains(&read) || self.graph.is_output(x);
        let Some(node) = self.graph.nodes.iter_mut().rfind(|n| n.output == x) else {
            return Ok(false);
        };
        let Layer::Lstm(lstm) = &mut node.layer else {
            return Ok(false);
        };
        if readers != 1 || is_output || !lstm.return_sequences {
            return Ok(false);
        }
        lstm.return_sequences = false;
        let units = lstm.units;
        self.graph.values[x].shape = vec![units];
        if self.value_of.insert(*written, x).is_some() {
            bail!(
                "{}: its output tensor {written} is written twice",
                op_label(op)
            );
        }
        Ok(true)
    }

    /// The per-gate weights in Keras' layout: `kernel[d][g·units + u]` is
    /// gate `g`'s `W[u][d]`, then the recurrent kernel likewise.
    fn keras_kernels<T: Scalar>(
        &self,
        op: &Operator,
        features: usize,
        units: usize,
    ) -> Result<Vec<T>, Error> {
        let mut out = vec![T::default(); (features + units) * GATES * units];
        let row = GATES * units;
        for (inputs, width, first_row) in [
            (INPUT_WEIGHTS, features, 0),
            (RECURRENT_WEIGHTS, units, features),
        ] {
            for (g, &i) in inputs.iter().enumerate() {
                let what = format!("weights of gate {} (input {i})", GATE_NAMES[g]);
                let w: Vec<T> = self.constant(op, i, &what, Some(&[units, width]))?;
                for u in 0..units {
                    for d in 0..width {
                        out[(first_row + d) * row + g * units + u] = w[u * width + d];
                    }
                }
            }
        }
        Ok(out)
    }

    /// The four biases, one after the other.
    fn keras_bias<T: Scalar>(&self, op: &Operator, units: usize) -> Result<Vec<T>, Error> {
        let mut out = Vec::with_capacity(GATES * units);
        for (g, &i) in BIASES.iter().enumerate() {
            let what = format!("bias of gate {} (input {i})", GATE_NAMES[g]);
            out.extend(self.constant::<T>(op, i, &what, Some(&[units]))?);
        }
        Ok(out)
    }

    /// The one scale of a gate's int8 weights (zero point 0).
    fn lstm_weight_scale(&self, op: &Operator, i: usize) -> Result<f32, Error> {
        let t = self.constant_input(op, i, "weights")?;
        match &self.tensor(t).quantization {
            Some(q)
                if q.scale.len() == 1
                    && q.zero_point.iter().all(|&z| z == 0)
                    && q.scale[0].is_finite()
                    && q.scale[0] > 0.0 =>
            {
                Ok(q.scale[0])
            }
            _ => bail!(
                "{}: the weights of input {i} (tensor {t}) need one finite positive scale and zero point 0",
                op_label(op)
            ),
        }
    }

    /// The int16 cell state's scale (zero point 0).
    fn cell_state_scale(&self, op: &Operator) -> Result<f32, Error> {
        let Some(t) = op.input(CELL_STATE) else {
            bail!(
                "{}: the cell state (input {CELL_STATE}) is missing",
                op_label(op)
            );
        };
        let tensor = self.tensor(t);
        match &tensor.quantization {
            Some(q)
                if tensor.dtype == DType::INT16
                    && q.scale.len() == 1
                    && q.zero_point.iter().all(|&z| z == 0)
                    && q.scale[0].is_finite()
                    && q.scale[0] > 0.0 =>
            {
                Ok(q.scale[0])
            }
            _ => bail!(
                "{}: the cell state (tensor {t}) is {}; an int8 LSTM needs an INT16 cell state with one scale and \
                 zero point 0",
                op_label(op),
                tensor.dtype
            ),
        }
    }

    /// TFLM copies the int8 hidden state to the output, so both must have
    /// one quantization.
    fn hidden_state_is_output(&self, op: &Operator) -> Result<(), Error> {
        let Some(t) = op.input(HIDDEN_STATE) else {
            bail!(
                "{}: the hidden state (input {HIDDEN_STATE}) is missing",
                op_label(op)
            );
        };
        let hidden: Option<Quant> = self.activation_quant(t, || {
            format!("{}: the hidden state (tensor {t})", op_label(op))
        })?;
        let output = self.output_quant(op)?;
        if hidden != output {
            bail!(
                "{}: the hidden state's quantization {hidden:?} differs from the output's {output:?}; TFLM copies \
                 the hidden state to the output",
                op_label(op)
            );
        }
        Ok(())
    }
}

/// For messages, in Keras' order.
const GATE_NAMES: [&str; GATES] = ["input", "forget", "cell", "output"];
