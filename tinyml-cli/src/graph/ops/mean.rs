//! `MEAN` over height and width → `mean` (Keras' GlobalAveragePooling2D);
//! with `keep_dims`, followed by `reshape[1, 1, C]`. An int8 mean may
//! change the quantization: the macro requantizes as TFLM does.

use tinyml_spec::ops::{mean::Mean, reshape::Reshape};

use super::hwc;
use crate::Error;
use crate::error::bail;
use crate::graph::Layer;
use crate::graph::lowering::{Lowering, op_label};
use crate::tflite::{Activation, Operator, Options};

impl Lowering<'_, '_> {
    pub(super) fn mean(&mut self, op: &Operator) -> Result<(), Error> {
        let Options::Reducer { keep_dims } = op.options else {
            bail!("{}: missing ReducerOptions", op_label(op));
        };
        let x = self.activation_input(op, 0)?;
        let [_, _, c] = hwc(self.shape_of(x), op)?;
        let axes: Vec<i32> = self.constant(op, 1, "axis", None)?;
        // Axes count the batch dimension: height and width are 1 and 2 of
        // the 4-D tensor, or −3 and −2.
        let mut spatial: Vec<i32> = axes
            .iter()
            .map(|&a| if a < 0 { a + 4 } else { a })
            .collect();
        spatial.sort_unstable();
        if spatial != [1, 2] {
            bail!(
                "{}: MEAN over axes {axes:?} is not supported; `mean` reduces height and width (axes [1, 2]), as \
                 GlobalAveragePooling2D does",
                op_label(op)
            );
        }
        let then = keep_dims.then(|| {
            Layer::from(Reshape {
                shape: vec![1, 1, c],
            })
        });
        self.push_then(op, Layer::from(Mean), None, vec![x], Activation::None, then)
    }
}
