//! `REDUCE_MAX` over height and width (Keras' GlobalMaxPooling2D) or over
//! the steps of a sequence (GlobalMaxPooling1D) → a `max_pool` (or
//! `max_pool1d`) whose window is the whole input, then `flatten` (with
//! `keep_dims`, the pool's `[1, 1, C]` or `[1, C]` stays). The same values:
//! TFLM's int8 REDUCE_MAX, like MAX_POOL_2D, takes the largest raw value and
//! requires the output to keep the input's scale.

use tinyml_spec::Padding;
use tinyml_spec::ops::flatten::Flatten;
use tinyml_spec::ops::max_pool::MaxPool;
use tinyml_spec::ops::max_pool1d::MaxPool1d;
use tinyml_spec::ops::{Pool, Pool1d};

use super::KEEPS_QUANT;
use crate::Error;
use crate::error::bail;
use crate::graph::lowering::{Lowering, op_label};
use crate::graph::{Layer, ShapeDisplay};
use crate::tflite::{Activation, Operator, Options};

impl Lowering<'_, '_> {
    pub(super) fn reduce_max(&mut self, op: &Operator) -> Result<(), Error> {
        let Options::Reducer { keep_dims } = op.options else {
            bail!("{}: missing ReducerOptions", op_label(op));
        };
        let x = self.activation_input(op, 0)?;
        let shape = self.shape_of(x).to_vec();
        let pool = match *shape.as_slice() {
            [h, w, _] => Layer::from(MaxPool(Pool {
                kernel: (h, w),
                stride: (h, w),
                padding: Padding::Valid,
            })),
            [steps, _] => Layer::from(MaxPool1d(Pool1d {
                kernel: steps,
                stride: steps,
                padding: Padding::Valid,
            })),
            _ => bail!(
                "{}: expected an input of shape [height, width, channels] or [steps, channels] (after the batch), \
                 found {}",
                op_label(op),
                ShapeDisplay(&shape)
            ),
        };
        if !self.reduces_all_but_channels(op, &shape)? {
            bail!(
                "{}: REDUCE_MAX over axes {} of {} is not supported; only over all but the channels (the \
                 global max pooling of Keras' GlobalMaxPooling1D/2D)",
                op_label(op),
                self.axes_text(op),
                ShapeDisplay(&shape)
            );
        }
        self.keep_quant(op, x, KEEPS_QUANT)?;
        let then = (!keep_dims).then(|| Layer::from(Flatten));
        self.push_then(op, pool, None, vec![x], Activation::None, then)
    }
}
