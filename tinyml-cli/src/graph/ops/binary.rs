//! What ADD, SUB, MUL, MAXIMUM and MINIMUM share: two activations, or an
//! activation and a constant (a Keras `Normalization` is SUB then MUL by
//! per-feature constants), with TFLite's broadcasting.

use tinyml_spec::ops::binary::Operand;

use crate::Error;
use crate::error::bail;
use crate::graph::lowering::{Lowering, op_label};
use crate::graph::{Layer, ShapeDisplay};
use crate::tflite::{Activation, Operator};

/// Whether `a op b` equals `b op a`, so that a constant first operand can
/// be moved second.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Order {
    Commutative,
    Ordered,
}

impl Lowering<'_, '_> {
    /// Lowers `op` to the layer `layer(operand)`.
    pub(super) fn binary(
        &mut self,
        op: &Operator,
        layer: fn(Operand) -> Layer,
        activation: Activation,
        order: Order,
    ) -> Result<(), Error> {
        if op.inputs.len() != 2 {
            bail!(
                "{}: expected 2 inputs, found {}",
                op_label(op),
                op.inputs.len()
            );
        }
        let constant = |i: usize| {
            op.input(i)
                .is_some_and(|t| !self.value_of.contains_key(&t) && self.is_constant(t))
        };
        let (x, c) = match (constant(0), constant(1)) {
            (false, false) => {
                let (a, b) = (self.activation_input(op, 0)?, self.activation_input(op, 1)?);
                return self.push(op, layer(Operand::Tensor), None, vec![a, b], activation);
            }
            (false, true) => (0, 1),
            (true, false) if order == Order::Commutative => (1, 0),
            (true, false) => bail!(
                "{}: {} of a constant and a tensor (constant first) is not supported; only tensor {} constant",
                op_label(op),
                op.name,
                op.name
            ),
            (true, true) => bail!(
                "{}: both inputs are constants, which the converter folds; this model was not optimised",
                op_label(op)
            ),
        };
        let x_value = self.activation_input(op, x)?;
        let shape = self.operand_shape(op, c, self.shape_of(x_value).len())?;
        let params = self.constant_operand(op, c)?;
        self.push(
            op,
            layer(Operand::Constant(shape)),
            Some(params),
            vec![x_value],
            activation,
        )
    }

    /// The DSL shape of constant input `i`, against an activation of
    /// `rank` dimensions after the batch: the batch dimension (which must
    /// be 1) and leading 1s dropped, at least one dimension kept.
    fn operand_shape(&self, op: &Operator, i: usize, rank: usize) -> Result<Vec<usize>, Error> {
        let t = self.constant_input(op, i, "constant operand")?;
        let tflite = &self.tensor(t).shape;
        let mut shape: &[usize] = tflite;
        if shape.len() == rank + 1 {
            if shape[0] != 1 {
                bail!(
                    "{}: the constant operand (tensor {t}) has shape {}, which broadcasts over the batch",
                    op_label(op),
                    ShapeDisplay(tflite)
                );
            }
            shape = &shape[1..];
        }
        while shape.len() > 1 && shape[0] == 1 {
            shape = &shape[1..];
        }
        Ok(if shape.is_empty() {
            vec![1]
        } else {
            shape.to_vec()
        })
    }
}
