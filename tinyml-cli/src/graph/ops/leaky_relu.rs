//! `LEAKY_RELU` → `leaky_relu(alpha = …)`, any shape, with the file's
//! alpha; an int8 one may requantize.

use tinyml_spec::ops::leaky_relu::LeakyRelu;

use crate::Error;
use crate::error::bail;
use crate::graph::Layer;
use crate::graph::lowering::{Lowering, op_label};
use crate::tflite::{Activation, Operator, Options};

impl Lowering<'_, '_> {
    pub(super) fn leaky_relu(&mut self, op: &Operator) -> Result<(), Error> {
        let Options::LeakyRelu { alpha } = op.options else {
            bail!("{}: missing LeakyReluOptions", op_label(op));
        };
        if !(alpha.is_finite() && alpha >= 0.0) {
            bail!(
                "{}: alpha = {alpha} is not supported (`leaky_relu` takes a finite alpha of at least 0, as \
                 Keras' LeakyReLU does)",
                op_label(op)
            );
        }
        // −0.0 would read `alpha = -0.0`, which the DSL refuses as negative.
        let alpha = if alpha == 0.0 { 0.0 } else { alpha };
        let x = self.activation_input(op, 0)?;
        let layer = Layer::from(LeakyRelu { alpha });
        self.push(op, layer, None, vec![x], Activation::None)
    }
}
