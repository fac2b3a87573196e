//! `SOFTMAX` → `softmax`: beta 1, over a vector; an int8 one outputs
//! TFLite Micro's fixed quantization.

use tinyml_format::Quant;
use tinyml_spec::ops::softmax::Softmax;

use crate::Error;
use crate::error::bail;
use crate::graph::lowering::{Lowering, op_label};
use crate::graph::{Layer, ShapeDisplay};
use crate::tflite::{Activation, Operator, Options};

/// The quantization TFLite Micro requires of an int8 SOFTMAX's output.
pub const SOFTMAX_OUTPUT: Quant = Quant {
    scale: 1.0 / 256.0,
    zero_point: -128,
};

impl Lowering<'_, '_> {
    pub(super) fn softmax(&mut self, op: &Operator) -> Result<(), Error> {
        let Options::Softmax { beta } = op.options else {
            bail!("{}: missing SoftmaxOptions", op_label(op));
        };
        if beta != 1.0 {
            bail!(
                "{}: beta = {beta} is not supported (only beta = 1)",
                op_label(op)
            );
        }
        let x = self.activation_input(op, 0)?;
        let shape = self.shape_of(x).to_vec();
        if shape.iter().rev().skip(1).any(|&d| d != 1) {
            bail!(
                "{}: softmax over a tensor of shape {} is not supported (only over a vector)",
                op_label(op),
                ShapeDisplay(&shape)
            );
        }
        if let Some(out) = self.output_quant(op)?
            && out != SOFTMAX_OUTPUT
        {
            bail!(
                "{}: its output has scale {} and zero point {}; an int8 SOFTMAX must output scale 1/256 \
                 (0.00390625) and zero point -128, as TFLite Micro requires",
                op_label(op),
                out.scale,
                out.zero_point
            );
        }
        self.push(op, Layer::from(Softmax), None, vec![x], Activation::None)
    }
}
