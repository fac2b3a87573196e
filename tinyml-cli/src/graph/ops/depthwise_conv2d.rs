//! `DEPTHWISE_CONV_2D` → `depthwise_conv2d`: `[1, KH, KW, C·M]` filter,
//! bias, dilation 1.

use tinyml_spec::ops::depthwise_conv2d::DepthwiseConv2d;

use super::{check_dilation, hwc, strides};
use crate::Error;
use crate::error::bail;
use crate::graph::lowering::{Lowering, op_label};
use crate::graph::{Layer, ShapeDisplay};
use crate::tflite::{Operator, Options};

impl Lowering<'_, '_> {
    pub(super) fn depthwise_conv2d(&mut self, op: &Operator) -> Result<(), Error> {
        let Options::DepthwiseConv2d { conv: o, .. } = &op.options else {
            bail!("{}: missing DepthwiseConv2DOptions", op_label(op));
        };
        check_dilation(op, o.dilation_h, o.dilation_w)?;
        let x = self.activation_input(op, 0)?;
        let [_, _, c] = hwc(self.shape_of(x), op)?;
        let ws = self.weight_shape(op, 4)?;
        let (one, kh, kw, oc) = (ws[0], ws[1], ws[2], ws[3]);
        if one != 1 || c == 0 || oc % c != 0 {
            bail!(
                "{}: filter shape {} does not fit {c} input channels (expected [1, KH, KW, {c} * multiplier])",
                op_label(op),
                ShapeDisplay(&ws)
            );
        }
        // TFLite derives the multiplier from the shapes; the option field is
        // unreliable in older files.
        let multiplier = oc / c;
        let params = self.params(op, "filter", oc, 3)?;
        let layer = Layer::from(DepthwiseConv2d {
            kernel: (kh, kw),
            multiplier,
            stride: strides(op, o.stride_h, o.stride_w)?,
            padding: o.padding,
        });
        self.push(op, layer, Some(params), vec![x], o.activation)
    }
}
