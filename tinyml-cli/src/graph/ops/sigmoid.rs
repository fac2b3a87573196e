//! `LOGISTIC` → `sigmoid`, any shape; an int8 one outputs TFLite Micro's
//! fixed quantization.

use tinyml_format::Quant;
use tinyml_spec::ops::sigmoid::Sigmoid;

use super::fixed_output;
use crate::Error;
use crate::graph::Layer;
use crate::graph::lowering::Lowering;
use crate::tflite::{Activation, Operator};

/// The only output quantization TFLite Micro's int8 LOGISTIC computes.
const SIGMOID_OUTPUT: Quant = Quant {
    scale: 1.0 / 256.0,
    zero_point: -128,
};

impl Lowering<'_, '_> {
    pub(super) fn sigmoid(&mut self, op: &Operator) -> Result<(), Error> {
        let x = self.activation_input(op, 0)?;
        fixed_output(
            self.output_quant(op)?,
            SIGMOID_OUTPUT,
            "1/256 (0.00390625)",
            op,
        )?;
        self.push(op, Layer::from(Sigmoid), None, vec![x], Activation::None)
    }
}
