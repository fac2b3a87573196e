//! `TRANSPOSE` of activations with a constant permutation → `transpose(perm
//! = […])`. TFLite's permutation counts the batch, which must stay first;
//! the DSL's does not. In int8, TFLM copies bytes, so the output keeps the
//! input's quantization.

use tinyml_spec::ops::transpose::Transpose;

use crate::Error;
use crate::error::bail;
use crate::graph::Layer;
use crate::graph::lowering::{Lowering, op_label};
use crate::tflite::{Activation, Operator};

impl Lowering<'_, '_> {
    pub(super) fn transpose(&mut self, op: &Operator) -> Result<(), Error> {
        let x = self.activation_input(op, 0)?;
        self.keep_quant(
            op,
            x,
            "TFLM's int8 TRANSPOSE copies bytes, so it keeps its input's quantization",
        )?;
        let rank = self.shape_of(x).len() + 1;
        let perm: Vec<i32> = self.constant(op, 1, "permutation", Some(&[rank]))?;
        let after_batch: Option<Vec<usize>> = match perm.split_first() {
            Some((0, rest)) => rest
                .iter()
                .map(|&p| usize::try_from(p).ok()?.checked_sub(1))
                .collect(),
            _ => None,
        };
        let Some(perm_dsl) = after_batch else {
            bail!(
                "{}: permutation {perm:?} moves the batch dimension; only dimensions after the batch may be \
                 reordered",
                op_label(op)
            );
        };
        let layer = Transpose { perm: perm_dsl };
        self.push(op, Layer::from(layer), None, vec![x], Activation::None)
    }
}
