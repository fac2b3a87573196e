//! `SUB` → `sub(a, b)` or `-> sub(constant[…])`, with a fused activation.

use tinyml_spec::ops::sub::Sub;

use super::binary::Order;
use crate::Error;
use crate::error::bail;
use crate::graph::Layer;
use crate::graph::lowering::{Lowering, op_label};
use crate::tflite::{Operator, Options};

impl Lowering<'_, '_> {
    pub(super) fn sub(&mut self, op: &Operator) -> Result<(), Error> {
        let Options::Sub { activation } = op.options else {
            bail!("{}: missing SubOptions", op_label(op));
        };
        self.binary(op, |o| Layer::from(Sub(o)), activation, Order::Ordered)
    }
}
