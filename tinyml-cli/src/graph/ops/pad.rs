//! `PAD`/`PADV2` over height and width → `pad(top = …, bottom = …, left =
//! …, right = …)` (Keras' ZeroPadding2D), or over the steps of a
//! `[steps, channels]` input → `pad(left = …, right = …)` (ZeroPadding1D).
//! Padding the batch or the channels is refused, and so is a PADV2 value other than zero (in int8: other than
//! the output zero point, the real 0). An int8 pad keeps its input's
//! quantization.

use tinyml_spec::ops::pad::Pad;

use crate::Error;
use crate::error::bail;
use crate::graph::lowering::{Lowering, op_label};
use crate::graph::{Element, Layer, ShapeDisplay};
use crate::tflite::{Activation, Operator};

impl Lowering<'_, '_> {
    pub(super) fn pad(&mut self, op: &Operator) -> Result<(), Error> {
        let x = self.activation_input(op, 0)?;
        // Dimensions with the batch: 4 for an image, 3 for a sequence.
        let rank = match self.shape_of(x).len() {
            rank @ (2 | 3) => rank + 1,
            _ => bail!(
                "{}: expected an input of shape [height, width, channels] or [steps, channels] (after the \
                 batch), found {}",
                op_label(op),
                ShapeDisplay(self.shape_of(x))
            ),
        };
        // One (before, after) pair per dimension, the batch first.
        let paddings: Vec<i32> = self.constant(op, 1, "paddings", Some(&[rank, 2]))?;
        if let Some(&p) = paddings.iter().find(|&&p| p < 0) {
            bail!(
                "{}: a negative padding ({p}) is not supported",
                op_label(op)
            );
        }
        let pair = |dim: usize| (paddings[2 * dim], paddings[2 * dim + 1]);
        for (dim, what) in [(0, "batch"), (rank - 1, "channels")] {
            if pair(dim) != (0, 0) {
                bail!(
                    "{}: it pads the {what} by {:?}; `pad` pads only height and width, or the steps (as Keras' \
                     ZeroPadding2D and ZeroPadding1D do)",
                    op_label(op),
                    pair(dim)
                );
            }
        }
        if op.input(2).is_some() {
            self.check_pad_value(op)?;
        }
        let side = |p: i32| usize::try_from(p).unwrap_or_default();
        let (rows, columns) = if rank == 4 {
            (pair(1), pair(2))
        } else {
            ((0, 0), pair(1))
        };
        let pad = Pad {
            top: side(rows.0),
            bottom: side(rows.1),
            left: side(columns.0),
            right: side(columns.1),
        };
        self.keep_quant(op, x, "TFLite Micro's PAD copies int8 values")?;
        self.push(op, Layer::from(pad), None, vec![x], Activation::None)
    }

    /// PADV2's constant value must be the real 0, which `pad` writes.
    fn check_pad_value(&self, op: &Operator) -> Result<(), Error> {
        let zero = match self.graph.element {
            Element::F32 => self.constant::<f32>(op, 2, "padding value", None)? == [0.0],
            Element::I8 => {
                let zero_point = self.output_quant(op)?.map(|q| q.zero_point);
                let value = self.constant::<i8>(op, 2, "padding value", None)?;
                value.len() == 1 && zero_point == Some(i32::from(value[0]))
            }
        };
        if !zero {
            bail!(
                "{}: it pads with a value other than zero; `pad` pads with zeros (Keras' ZeroPadding2D)",
                op_label(op)
            );
        }
        Ok(())
    }
}
