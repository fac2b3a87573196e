//! `CONV_2D` → `conv2d`: OHWI filter, bias, dilation 1.

use tinyml_spec::ops::conv2d::Conv2d;

use super::{check_dilation, hwc, strides};
use crate::Error;
use crate::error::bail;
use crate::graph::Layer;
use crate::graph::lowering::{Lowering, op_label};
use crate::tflite::{Operator, Options};

impl Lowering<'_, '_> {
    pub(super) fn conv2d(&mut self, op: &Operator) -> Result<(), Error> {
        let Options::Conv2d(o) = &op.options else {
            bail!("{}: missing Conv2DOptions", op_label(op));
        };
        check_dilation(op, o.dilation_h, o.dilation_w)?;
        let x = self.activation_input(op, 0)?;
        let [_, _, c] = hwc(self.shape_of(x), op)?;
        let ws = self.weight_shape(op, 4)?;
        let (filters, kh, kw, ic) = (ws[0], ws[1], ws[2], ws[3]);
        if ic != c {
            bail!(
                "{}: the filter expects {ic} input channels, the input has {c} (grouped convolution is not supported)",
                op_label(op)
            );
        }
        let params = self.params(op, "filter", filters, 0)?;
        let layer = Layer::from(Conv2d {
            filters,
            kernel: (kh, kw),
            stride: strides(op, o.stride_h, o.stride_w)?,
            padding: o.padding,
        });
        self.push(op, layer, Some(params), vec![x], o.activation)
    }
}
