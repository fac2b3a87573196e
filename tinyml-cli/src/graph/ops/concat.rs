//! `CONCATENATION` of activations → `concat(a, b, …, axis = n)` (on
//! shapes and integer constants it is folded instead). In int8, TFLM
//! requires every input to have the output's quantization.

use tinyml_spec::ops::concat::Concat;

use crate::Error;
use crate::error::bail;
use crate::graph::Layer;
use crate::graph::lowering::{Lowering, op_label};
use crate::tflite::{Operator, Options};

impl Lowering<'_, '_> {
    pub(super) fn concat(&mut self, op: &Operator) -> Result<(), Error> {
        let Options::Concatenation { axis, activation } = op.options else {
            bail!("{}: missing ConcatenationOptions", op_label(op));
        };
        let inputs = (0..op.inputs.len())
            .map(|i| self.activation_input(op, i))
            .collect::<Result<Vec<_>, _>>()?;
        if inputs.len() < 2 {
            bail!("{}: it joins {} tensor(s)", op_label(op), inputs.len());
        }
        for &x in &inputs {
            self.keep_quant(
                op,
                x,
                "TFLM requires int8 CONCATENATION inputs in the output's quantization",
            )?;
        }
        // TFLite's axis counts the batch; the DSL's does not.
        let rank = self.shape_of(inputs[0]).len();
        let with_batch = i64::from(axis);
        let axis = if with_batch < 0 {
            with_batch + rank as i64 + 1
        } else {
            with_batch
        };
        if axis < 1 || axis > rank as i64 {
            bail!(
                "{}: joining along axis {with_batch} of rank-{} tensors is not supported (only axes after the batch)",
                op_label(op),
                rank + 1
            );
        }
        let axis = (axis - 1) as usize;
        let layer = Concat {
            inputs: inputs.len(),
            axis: (axis + 1 != rank).then_some(axis),
        };
        self.push(op, Layer::from(layer), None, inputs, activation)
    }
}
