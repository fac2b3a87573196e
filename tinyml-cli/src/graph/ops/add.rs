//! `ADD` → `add(a, b)`: two activations of equal shape, with a fused
//! activation.

use tinyml_spec::ops::add::Add;

use crate::Error;
use crate::error::bail;
use crate::graph::lowering::{Lowering, op_label};
use crate::graph::{Layer, ShapeDisplay};
use crate::tflite::{Operator, Options};

impl Lowering<'_, '_> {
    pub(super) fn add(&mut self, op: &Operator) -> Result<(), Error> {
        let Options::Add { activation } = op.options else {
            bail!("{}: missing AddOptions", op_label(op));
        };
        if op.inputs.len() != 2 {
            bail!(
                "{}: expected 2 inputs, found {}",
                op_label(op),
                op.inputs.len()
            );
        }
        let a = self.activation_input(op, 0)?;
        let b = self.activation_input(op, 1)?;
        if self.shape_of(a) != self.shape_of(b) {
            bail!(
                "{}: adding {} and {} needs broadcasting, which is not supported (only equal shapes)",
                op_label(op),
                ShapeDisplay(self.shape_of(a)),
                ShapeDisplay(self.shape_of(b))
            );
        }
        self.push(op, Layer::from(Add), None, vec![a, b], activation)
    }
}
