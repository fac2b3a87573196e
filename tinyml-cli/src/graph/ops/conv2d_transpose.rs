//! `TRANSPOSE_CONV` → `conv2d_transpose` (Keras' Conv2DTranspose): inputs
//! output shape, OHWI filter, input, optional bias (input 3). The output
//! shape is read from the output tensor, which TFLite Micro requires to be
//! sized (the shape input is a SHAPE computation with an unfixed batch); it
//! must be Keras' for the padding (no `output_padding`).

use tinyml_spec::Op as _;
use tinyml_spec::ops::conv2d_transpose::Conv2dTranspose;

use super::{hwc, strides};
use crate::Error;
use crate::error::bail;
use crate::graph::lowering::{Lowering, activation_shape, op_label};
use crate::graph::{Layer, ShapeDisplay};
use crate::tflite::{Operator, Options};

impl Lowering<'_, '_> {
    pub(super) fn conv2d_transpose(&mut self, op: &Operator) -> Result<(), Error> {
        let Options::TransposeConv(o) = &op.options else {
            bail!("{}: missing TransposeConvOptions", op_label(op));
        };
        let x = self.activation_input(op, 2)?;
        let [h, w, c] = hwc(self.shape_of(x), op)?;
        let ws = self.weight_shape(op, 4)?;
        let (filters, kh, kw, ic) = (ws[0], ws[1], ws[2], ws[3]);
        if ic != c {
            bail!(
                "{}: the filter expects {ic} input channels, the input has {c}",
                op_label(op)
            );
        }
        let layer = Conv2dTranspose {
            filters,
            kernel: (kh, kw),
            stride: strides(op, o.stride_h, o.stride_w)?,
            padding: o.padding,
        };
        let ours = layer
            .output_shape(&[&[h, w, c]])
            .map_err(|e| Error::new(format!("{}: {e}", op_label(op))))?;
        let Some(&out) = op.outputs.first() else {
            bail!("{}: it has no output", op_label(op));
        };
        let wanted =
            activation_shape(self.tensor(out), &format!("the output of {}", op_label(op)))?;
        if wanted != ours {
            bail!(
                "{}: its output shape {} is not {}, what Keras' Conv2DTranspose computes for this input, kernel, \
                 stride and padding (`output_padding` is not supported)",
                op_label(op),
                ShapeDisplay(&wanted),
                ShapeDisplay(&ours)
            );
        }
        let params = self.params_with_bias_at(op, "filter", filters, 0, 3)?;
        self.push(op, Layer::from(layer), Some(params), vec![x], o.activation)
    }
}
