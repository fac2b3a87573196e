//! `RESHAPE` → `flatten` (to one dimension) or `reshape[…]`: the new shape
//! is the output tensor's, and an int8 reshape keeps its input's
//! quantization.

use tinyml_spec::ops::{flatten::Flatten, reshape::Reshape};

use super::{KEEPS_QUANT, elements};
use crate::Error;
use crate::error::bail;
use crate::graph::lowering::{Lowering, activation_shape, op_label};
use crate::graph::{Layer, ShapeDisplay};
use crate::tflite::{Activation, Operator};

impl Lowering<'_, '_> {
    pub(super) fn reshape(&mut self, op: &Operator) -> Result<(), Error> {
        let x = self.activation_input(op, 0)?;
        let Some(&out) = op.outputs.first() else {
            bail!("{}: it has no output", op_label(op));
        };
        let shape = activation_shape(self.tensor(out), &format!("the output of {}", op_label(op)))?;
        if shape.is_empty() || elements(&shape) != elements(self.shape_of(x)) {
            bail!(
                "{}: cannot reshape {} to {}",
                op_label(op),
                ShapeDisplay(self.shape_of(x)),
                ShapeDisplay(&shape)
            );
        }
        self.keep_quant(op, x, KEEPS_QUANT)?;
        let layer = if shape.len() == 1 {
            Layer::from(Flatten)
        } else {
            Layer::from(Reshape { shape })
        };
        self.push(op, layer, None, vec![x], Activation::None)
    }
}
