//! `TILE` of activations with constant multiples (Keras' `RepeatVector`
//! computes them from the input's shape; the importer folds that) →
//! `tile(multiples = […])`. The batch must not repeat. It only copies, so
//! an int8 output keeps its input's quantization.

use tinyml_spec::ops::tile::Tile;

use crate::Error;
use crate::error::bail;
use crate::graph::Layer;
use crate::graph::lowering::{Lowering, op_label};
use crate::tflite::{Activation, Operator};

impl Lowering<'_, '_> {
    pub(super) fn tile(&mut self, op: &Operator) -> Result<(), Error> {
        let x = self.activation_input(op, 0)?;
        self.keep_quant(
            op,
            x,
            "TILE only copies, so an int8 output keeps its input's quantization",
        )?;
        let rank = self.shape_of(x).len() + 1;
        let multiples: Vec<i32> = self.constant(op, 1, "multiples", Some(&[rank]))?;
        let after_batch: Option<Vec<usize>> = match multiples.split_first() {
            Some((1, rest)) => rest
                .iter()
                .map(|&m| usize::try_from(m).ok().filter(|&m| m > 0))
                .collect(),
            _ => None,
        };
        let Some(multiples_dsl) = after_batch else {
            bail!(
                "{}: multiples {multiples:?} are not supported: the batch must not repeat (its multiple is 1) and \
                 every multiple must be at least 1",
                op_label(op)
            );
        };
        let layer = Tile {
            multiples: multiples_dsl,
        };
        self.push(op, Layer::from(layer), None, vec![x], Activation::None)
    }
}
