//! `SPLIT` (equal parts) and `SPLIT_V` (parts of the given sizes, one of
//! them -1 for the rest) of activations, as `tf.split` and
//! `keras.ops.split` export: one `slice` of the input per output, along
//! the constant axis (counting the batch, which cannot be split). In int8,
//! TFLM copies bytes, so every part keeps the input's quantization.

use tinyml_spec::ops::slice::Slice;

use crate::Error;
use crate::error::bail;
use crate::graph::Layer;
use crate::graph::lowering::{Lowering, op_label};
use crate::tflite::{Activation, OpKind, Operator};

impl Lowering<'_, '_> {
    pub(super) fn split(&mut self, op: &Operator) -> Result<(), Error> {
        // SPLIT reads (axis, input); SPLIT_V (input, size_splits, axis).
        let (x, axis_at) = match op.kind {
            OpKind::Split => (self.activation_input(op, 1)?, 0),
            _ => (self.activation_input(op, 0)?, 2),
        };
        let shape = self.shape_of(x).to_vec();
        let axis: Vec<i32> = self.constant(op, axis_at, "axis", None)?;
        let rank = shape.len() as i64 + 1;
        let resolved = match *axis.as_slice() {
            [a] if a < 0 => i64::from(a) + rank,
            [a] => i64::from(a),
            _ => bail!("{}: expected one axis, found {axis:?}", op_label(op)),
        };
        if resolved < 1 || resolved >= rank {
            bail!(
                "{}: splitting along axis {} of a rank-{rank} tensor is not supported (only axes after the batch)",
                op_label(op),
                axis[0]
            );
        }
        let axis = (resolved - 1) as usize;
        let sizes = self.split_sizes(op, shape[axis])?;
        let mut at = 0;
        for (&out, size) in op.outputs.iter().zip(sizes) {
            self.keep_quant_in(
                op,
                out,
                x,
                "TFLM's int8 SPLIT and SPLIT_V copy bytes, so every part keeps the input's quantization",
            )?;
            let mut slice = Slice::new(vec![0; shape.len()], vec![None; shape.len()]);
            slice.begin[axis] = at;
            slice.end[axis] = Some(at + size);
            at += size;
            self.push_output(
                op,
                out,
                Layer::from(slice),
                None,
                vec![x],
                Activation::None,
                None,
            )?;
        }
        Ok(())
    }

    /// The size of each output's part of a dimension of `length`.
    fn split_sizes(&self, op: &Operator, length: usize) -> Result<Vec<usize>, Error> {
        let parts = op.outputs.len();
        if op.kind == OpKind::Split {
            if parts == 0 || !length.is_multiple_of(parts) {
                bail!(
                    "{}: a dimension of {length} does not split into {parts} equal parts",
                    op_label(op)
                );
            }
            return Ok(vec![length / parts; parts]);
        }
        let given: Vec<i32> = self.constant(op, 1, "size_splits", Some(&[parts]))?;
        let known: i64 = given
            .iter()
            .filter(|&&s| s != -1)
            .map(|&s| i64::from(s))
            .sum();
        let rest = length as i64 - known;
        let sizes: Vec<i64> = given
            .iter()
            .map(|&s| if s == -1 { rest } else { i64::from(s) })
            .collect();
        let unknown = given.iter().filter(|&&s| s == -1).count();
        if unknown > 1 || sizes.iter().any(|&s| s < 1) || sizes.iter().sum::<i64>() != length as i64
        {
            bail!(
                "{}: sizes {given:?} do not split a dimension of {length} into parts of at least 1",
                op_label(op)
            );
        }
        Ok(sizes.into_iter().map(|s| s as usize).collect())
    }
}
