//! `RESHAPE`, and `SQUEEZE`/`EXPAND_DIMS` that drop or add unit
//! dimensions, → `flatten` (to one dimension) or `reshape[…]`: the new
//! shape is the output tensor's, and an int8 reshape keeps its input's
//! quantization. (Keras' 1-D layers come as `EXPAND_DIMS → 2-D operator →
//! RESHAPE/SQUEEZE`; `graph/steps.rs` turns those back into 1-D layers.)

use tinyml_spec::ops::{flatten::Flatten, reshape::Reshape};

use super::{KEEPS_QUANT, elements};
use crate::Error;
use crate::error::bail;
use crate::graph::lowering::{Lowering, activation_shape, op_label};
use crate::graph::{Layer, ShapeDisplay};
use crate::tflite::{Activation, OpKind, Operator, Options};

impl Lowering<'_, '_> {
    pub(super) fn reshape(&mut self, op: &Operator) -> Result<(), Error> {
        let x = self.activation_input(op, 0)?;
        let Some(&out) = op.outputs.first() else {
            bail!("{}: it has no output", op_label(op));
        };
        match op.kind {
            OpKind::Squeeze => self.check_squeeze(op, out)?,
            OpKind::ExpandDims => self.check_expand_dims(op, out)?,
            _ => {}
        }
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

    /// `SQUEEZE`'s output must be its input without the unit dimensions
    /// `squeeze_dims` names (TFLite's axes, counting the batch; none: every
    /// unit dimension).
    fn check_squeeze(&self, op: &Operator, out: usize) -> Result<(), Error> {
        let Options::Squeeze { squeeze_dims } = &op.options else {
            bail!("{}: missing SqueezeOptions", op_label(op));
        };
        let input = self.full_shape(op)?;
        let rank = input.len() as i64;
        let mut drop = vec![squeeze_dims.is_empty(); input.len()];
        for &axis in squeeze_dims {
            let resolved = if axis < 0 {
                i64::from(axis) + rank
            } else {
                i64::from(axis)
            };
            match usize::try_from(resolved).ok().filter(|&a| a < input.len()) {
                Some(a) if input[a] == 1 => drop[a] = true,
                _ => bail!(
                    "{}: cannot squeeze axis {axis} of {}: it is not a dimension of size 1",
                    op_label(op),
                    ShapeDisplay(&input)
                ),
            }
        }
        let expected: Vec<usize> = input
            .iter()
            .zip(&drop)
            .filter(|&(&d, &dropped)| !(dropped && d == 1))
            .map(|(&d, _)| d)
            .collect();
        self.check_declared(op, out, &expected)
    }

    /// `EXPAND_DIMS`' output must be its input with a dimension of size 1
    /// inserted at the constant axis (input 1, counting the batch).
    fn check_expand_dims(&self, op: &Operator, out: usize) -> Result<(), Error> {
        let input = self.full_shape(op)?;
        let axes: Vec<i32> = self.constant(op, 1, "axis", None)?;
        let rank = input.len() as i64 + 1;
        let resolved = match *axes.as_slice() {
            [axis] if axis < 0 => i64::from(axis) + rank,
            [axis] => i64::from(axis),
            _ => bail!("{}: expected one axis, found {axes:?}", op_label(op)),
        };
        let Some(at) = usize::try_from(resolved).ok().filter(|&a| a <= input.len()) else {
            bail!(
                "{}: axis {} is outside {}",
                op_label(op),
                axes[0],
                ShapeDisplay(&input)
            );
        };
        let mut expected = input;
        expected.insert(at, 1);
        self.check_declared(op, out, &expected)
    }

    /// The shape of `op`'s input 0 as the model declares it (with the batch).
    fn full_shape(&self, op: &Operator) -> Result<Vec<usize>, Error> {
        match op.input(0) {
            Some(t) => Ok(self.tensor(t).shape.clone()),
            None => bail!("{}: input 0 is missing", op_label(op)),
        }
    }

    fn check_declared(&self, op: &Operator, out: usize, expected: &[usize]) -> Result<(), Error> {
        let declared = &self.tensor(out).shape;
        if declared != expected {
            bail!(
                "{}: it computes shape {}, but the model declares {}",
                op_label(op),
                ShapeDisplay(expected),
                ShapeDisplay(declared)
            );
        }
        Ok(())
    }
}
