//! `MEAN` over height and width → `mean` (Keras' GlobalAveragePooling2D),
//! or over the steps of a `[steps, channels]` input (GlobalAveragePooling1D);
//! with `keep_dims`, followed by `reshape[1, 1, C]` (or `reshape[1, C]`).
//! An int8 mean may change the quantization: the macro requantizes as TFLM
//! does.

use tinyml_spec::ops::{mean::Mean, reshape::Reshape};

use crate::Error;
use crate::error::bail;
use crate::graph::lowering::{Lowering, op_label};
use crate::graph::{Layer, ShapeDisplay};
use crate::tflite::{Activation, Operator, Options};

impl Lowering<'_, '_> {
    pub(super) fn mean(&mut self, op: &Operator) -> Result<(), Error> {
        let Options::Reducer { keep_dims } = op.options else {
            bail!("{}: missing ReducerOptions", op_label(op));
        };
        let x = self.activation_input(op, 0)?;
        let shape = self.shape_of(x).to_vec();
        // Axes count the batch dimension: the reduced ones are all but the
        // batch and the channels (height and width, or the steps).
        let (c, what) = match *shape.as_slice() {
            [_, _, c] => (
                c,
                "height and width (axes [1, 2]), as GlobalAveragePooling2D does",
            ),
            [_, c] => (c, "the steps (axis [1]), as GlobalAveragePooling1D does"),
            _ => bail!(
                "{}: expected an input of shape [height, width, channels] or [steps, channels] (after the batch), \
                 found {}",
                op_label(op),
                ShapeDisplay(&shape)
            ),
        };
        if !self.reduces_all_but_channels(op, &shape)? {
            bail!(
                "{}: MEAN over axes {} of {} is not supported; `mean` reduces {what}",
                op_label(op),
                self.axes_text(op),
                ShapeDisplay(&shape)
            );
        }
        let then = keep_dims.then(|| {
            let mut kept = vec![1; shape.len() - 1];
            kept.push(c);
            Layer::from(Reshape { shape: kept })
        });
        self.push_then(op, Layer::from(Mean), None, vec![x], Activation::None, then)
    }
}
