//! `MAXIMUM` → `maximum(a, b)` or `-> maximum(constant[…])`.

use tinyml_spec::ops::maximum::Maximum;

use super::binary::Order;
use crate::Error;
use crate::graph::Layer;
use crate::graph::lowering::Lowering;
use crate::tflite::{Activation, Operator};

impl Lowering<'_, '_> {
    pub(super) fn maximum(&mut self, op: &Operator) -> Result<(), Error> {
        let layer = |o| Layer::from(Maximum(o));
        self.binary(op, layer, Activation::None, Order::Commutative)
    }
}
