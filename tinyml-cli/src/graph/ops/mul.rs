//! `MUL` → `mul(a, b)` or `-> mul(constant[…])`, with a fused activation.

use tinyml_spec::ops::mul::Mul;

use super::binary::Order;
use crate::Error;
use crate::error::bail;
use crate::graph::Layer;
use crate::graph::lowering::{Lowering, op_label};
use crate::tflite::{Operator, Options};

impl Lowering<'_, '_> {
    pub(super) fn mul(&mut self, op: &Operator) -> Result<(), Error> {
        let Options::Mul { activation } = op.options else {
            bail!("{}: missing MulOptions", op_label(op));
        };
        self.binary(op, |o| Layer::from(Mul(o)), activation, Order::Commutative)
    }
}
