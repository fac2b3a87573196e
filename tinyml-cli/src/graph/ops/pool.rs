//! `MAX_POOL_2D` → `max_pool`, `AVERAGE_POOL_2D` → `avg_pool`: the same
//! window options, and an int8 pool keeps its input's quantization.

use tinyml_spec::ops::{Pool, avg_pool::AvgPool, max_pool::MaxPool};

use super::{KEEPS_QUANT, hwc, strides};
use crate::Error;
use crate::error::bail;
use crate::graph::Layer;
use crate::graph::lowering::{Lowering, op_label};
use crate::tflite::{OpKind, Operator, Options};

impl Lowering<'_, '_> {
    pub(super) fn pool(&mut self, op: &Operator) -> Result<(), Error> {
        let Options::Pool {
            padding,
            stride_h,
            stride_w,
            filter_h,
            filter_w,
            activation,
        } = op.options
        else {
            bail!("{}: missing Pool2DOptions", op_label(op));
        };
        let x = self.activation_input(op, 0)?;
        hwc(self.shape_of(x), op)?;
        let kernel = match (usize::try_from(filter_h), usize::try_from(filter_w)) {
            (Ok(kh), Ok(kw)) if kh > 0 && kw > 0 => (kh, kw),
            _ => bail!("{}: invalid window {filter_h}x{filter_w}", op_label(op)),
        };
        let pool = Pool {
            kernel,
            stride: strides(op, stride_h, stride_w)?,
            padding,
        };
        self.keep_quant(op, x, KEEPS_QUANT)?;
        let layer = if op.kind == OpKind::MaxPool2d {
            Layer::from(MaxPool(pool))
        } else {
            Layer::from(AvgPool(pool))
        };
        self.push(op, layer, None, vec![x], activation)
    }
}
