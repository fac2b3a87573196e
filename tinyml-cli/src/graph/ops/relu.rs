//! `RELU` → `relu`, `RELU6` → `relu6`: in an int8 model, a standalone one
//! must be fusable into the layer before it, unless it requantizes. TFLM's
//! int8 RELU that changes the quantization (the converter writes one after
//! a TRANSPOSE_CONV) computes `clamp(z_out + M · (x − z_in), z_out, 127)`,
//! which is its LEAKY_RELU with alpha 0 bit for bit (the negative side's
//! multiplier is 0, giving `z_out`; the positive side's is the same `M`
//! from `f32` `input_scale / output_scale`): it becomes
//! `leaky_relu(alpha = 0)`.

use tinyml_spec::ops::{leaky_relu::LeakyRelu, relu::Relu, relu6::Relu6};

use crate::Error;
use crate::error::bail;
use crate::graph::lowering::{Lowering, op_label};
use crate::graph::{Element, Layer, ValueId};
use crate::tflite::{Activation, OpKind, Operator};

impl Lowering<'_, '_> {
    pub(super) fn relu(&mut self, op: &Operator) -> Result<(), Error> {
        let x = self.activation_input(op, 0)?;
        let layer = if op.kind == OpKind::Relu {
            Layer::from(Relu)
        } else {
            Layer::from(Relu6)
        };
        if self.graph.element == Element::I8 {
            if op.kind == OpKind::Relu && self.output_quant(op)? != self.graph.values[x].quant {
                let layer = Layer::from(LeakyRelu { alpha: 0.0 });
                return self.push(op, layer, None, vec![x], Activation::None);
            }
            self.check_int8_relu(op, x)?;
        }
        self.push(op, layer, None, vec![x], Activation::None)
    }

    /// A standalone RELU/RELU6 in an int8 model becomes the fused activation
    /// of the layer before it, so it must follow such a layer directly, be
    /// its only reader and keep its quantization.
    fn check_int8_relu(&self, op: &Operator, x: ValueId) -> Result<(), Error> {
        let producer = self.graph.nodes.iter().rev().find(|n| n.output == x);
        let fusable = producer.is_some_and(|n| n.layer.kind().fuses_activation());
        let single_reader = op
            .input(0)
            .is_some_and(|t| self.readers[t] == 1 && !self.output_tensors.contains(&t));
        if !fusable || !single_reader {
            bail!(
                "{}: a standalone {} in an int8 model must directly follow a conv2d, depthwise_conv2d, dense, pool \
                 or add layer without a fused activation, and be the only reader of its output",
                op_label(op),
                op.name
            );
        }
        self.keep_quant(
            op,
            x,
            "it becomes the fused activation of the layer before it, so it must keep that layer's quantization",
        )
    }
}
