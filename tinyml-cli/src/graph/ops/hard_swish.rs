//! `HARD_SWISH` → `hard_swish`, any shape; an int8 one may requantize.

use tinyml_spec::ops::hard_swish::HardSwish;

use crate::Error;
use crate::graph::Layer;
use crate::graph::lowering::Lowering;
use crate::tflite::{Activation, Operator};

impl Lowering<'_, '_> {
    pub(super) fn hard_swish(&mut self, op: &Operator) -> Result<(), Error> {
        let x = self.activation_input(op, 0)?;
        self.push(op, Layer::from(HardSwish), None, vec![x], Activation::None)
    }
}
