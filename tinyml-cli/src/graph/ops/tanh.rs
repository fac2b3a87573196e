//! `TANH` → `tanh`, any shape; an int8 one outputs TFLite Micro's fixed
//! quantization.

use tinyml_format::Quant;
use tinyml_spec::ops::tanh::Tanh;

use super::fixed_output;
use crate::Error;
use crate::graph::Layer;
use crate::graph::lowering::Lowering;
use crate::tflite::{Activation, Operator};

/// The only output quantization TFLite Micro's int8 TANH computes.
const TANH_OUTPUT: Quant = Quant {
    scale: 1.0 / 128.0,
    zero_point: 0,
};

impl Lowering<'_, '_> {
    pub(super) fn tanh(&mut self, op: &Operator) -> Result<(), Error> {
        let x = self.activation_input(op, 0)?;
        fixed_output(self.output_quant(op)?, TANH_OUTPUT, "1/128 (0.0078125)", op)?;
        self.push(op, Layer::from(Tanh), None, vec![x], Activation::None)
    }
}
