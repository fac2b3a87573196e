//! `MINIMUM` → `minimum(a, b)` or `-> minimum(constant[…])`.

use tinyml_spec::ops::minimum::Minimum;

use super::binary::Order;
use crate::Error;
use crate::graph::Layer;
use crate::graph::lowering::Lowering;
use crate::tflite::{Activation, Operator};

impl Lowering<'_, '_> {
    pub(super) fn minimum(&mut self, op: &Operator) -> Result<(), Error> {
        let layer = |o| Layer::from(Minimum(o));
        self.binary(op, layer, Activation::None, Order::Commutative)
    }
}
