//! `FULLY_CONNECTED` → `dense`: `[units, inputs]` weights in the default
//! format, bias.

use tinyml_spec::ops::dense::Dense;

use super::elements;
use crate::Error;
use crate::error::bail;
use crate::graph::lowering::{Lowering, op_label};
use crate::graph::{Layer, ShapeDisplay};
use crate::tflite::{Operator, Options};

impl Lowering<'_, '_> {
    pub(super) fn dense(&mut self, op: &Operator) -> Result<(), Error> {
        let Options::FullyConnected {
            activation,
            default_weights_format,
            keep_num_dims,
        } = op.options
        else {
            bail!("{}: missing FullyConnectedOptions", op_label(op));
        };
        if !default_weights_format {
            bail!(
                "{}: shuffled weight formats are not supported (only DEFAULT)",
                op_label(op)
            );
        }
        let x = self.activation_input(op, 0)?;
        let ws = self.weight_shape(op, 2)?;
        let (units, inputs) = (ws[0], ws[1]);
        let in_elems = elements(self.shape_of(x));
        if in_elems != Some(inputs) {
            bail!(
                "{}: the weights expect {inputs} inputs, but the input {} has {} elements",
                op_label(op),
                ShapeDisplay(self.shape_of(x)),
                in_elems.map_or_else(|| "too many".to_owned(), |n| n.to_string())
            );
        }
        if keep_num_dims && self.shape_of(x).len() > 1 {
            bail!(
                "{}: keep_num_dims on a rank-{} input is not supported",
                op_label(op),
                self.shape_of(x).len() + 1
            );
        }
        let params = self.params(op, "weights", units, 0)?;
        self.push(
            op,
            Layer::from(Dense { units }),
            Some(params),
            vec![x],
            activation,
        )
    }
}
