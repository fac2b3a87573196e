//! `ADD` → `add(a, b)` or `-> add(constant[…])`, with a fused activation.

use tinyml_spec::ops::add::Add;

use super::binary::Order;
use crate::Error;
use crate::error::bail;
use crate::graph::Layer;
use crate::graph::lowering::{Lowering, op_label};
use crate::tflite::{Operator, Options};

impl Lowering<'_, '_> {
    pub(super) fn add(&mut self, op: &Operator) -> Result<(), Error> {
        let Options::Add { activation } = op.options else {
            bail!("{}: missing AddOptions", op_label(op));
        };
        self.binary(op, |o| Layer::from(Add(o)), activation, Order::Commutative)
    }
}
