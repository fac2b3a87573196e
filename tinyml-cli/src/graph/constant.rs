//! The constant inputs of conv and dense operators: weights and biases,
//! decoded and checked (an int8 model's with their quantization).

use super::lowering::{Lowering, op_label};
use super::{Element, Params, ShapeDisplay};
use crate::Error;
use crate::error::bail;
use crate::tflite::{DType, Operator};

impl Lowering<'_, '_> {
    /// A float32 constant input of `op` with exactly `shape`.
    fn const_input(
        &self,
        op: &Operator,
        i: usize,
        what: &str,
        shape: Option<&[usize]>,
    ) -> Result<Vec<f32>, Error> {
        let Some(t) = op.input(i) else {
            bail!("{}: the {what} (input {i}) is missing", op_label(op));
        };
        let tensor = self.tensor(t);
        if let Some(shape) = shape
            && tensor.shape != shape
        {
            bail!(
                "{}: the {what} (tensor {t}) has shape {}, expected {}",
                op_label(op),
                ShapeDisplay(&tensor.shape),
                ShapeDisplay(shape)
            );
        }
        if let Some(values) = self.folded.get(&t) {
            return Ok(values.clone());
        }
        let Some(data) = tensor.data else {
            bail!(
                "{}: the {what} (tensor {t} `{}`) is not a constant; only constant weights are supported",
                op_label(op),
                tensor.name
            );
        };
        if tensor.dtype != DType::FLOAT32 {
            bail!(
                "{}: the {what} (tensor {t}) is {}, expected FLOAT32",
                op_label(op),
                tensor.dtype
            );
        }
        let expected = tensor.elements().and_then(|n| n.checked_mul(4));
        if expected != Some(data.len()) {
            bail!(
                "{}: the {what} (tensor {t}) has {} bytes of data, but its shape {} needs {}",
                op_label(op),
                data.len(),
                ShapeDisplay(&tensor.shape),
                expected.map_or_else(
                    || "more than can be addressed".to_owned(),
                    |n| n.to_string()
                )
            );
        }
        Ok(data
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }

    /// The bias of a conv/dense op: its constant, or zeros when absent.
    fn bias(&self, op: &Operator, len: usize) -> Result<Vec<f32>, Error> {
        if op.input(2).is_none() {
            return Ok(vec![0.0; len]);
        }
        self.const_input(op, 2, "bias", Some(&[len]))
    }

    /// The weights (input 1) and bias (input 2) of a conv/dense op with
    /// `channels` output channels along dimension `axis` of the weights.
    pub(super) fn params(
        &self,
        op: &Operator,
        what: &str,
        channels: usize,
        axis: usize,
    ) -> Result<Params, Error> {
        Ok(match self.graph.element {
            Element::F32 => Params::F32 {
                weights: self.const_input(op, 1, what, None)?,
                bias: self.bias(op, channels)?,
            },
            Element::I8 => {
                let (weights, scales) = self.int8_weights(op, what, channels, axis)?;
                Params::I8 {
                    weights,
                    scales,
                    bias: self.int32_bias(op, channels)?,
                }
            }
        })
    }

    /// The int8 weights (input 1) and their scales: zero point 0, one scale
    /// for the tensor or one per output channel along `axis`.
    fn int8_weights(
        &self,
        op: &Operator,
        what: &str,
        channels: usize,
        axis: usize,
    ) -> Result<(Vec<i8>, Vec<f32>), Error> {
        let Some(t) = op.input(1) else {
            bail!("{}: the {what} (input 1) is missing", op_label(op));
        };
        let tensor = self.tensor(t);
        let Some(data) = tensor.data else {
            bail!(
                "{}: the {what} (tensor {t} `{}`) is not a constant; only constant weights are supported",
                op_label(op),
                tensor.name
            );
        };
        if tensor.dtype != DType::INT8 {
            bail!(
                "{}: the {what} (tensor {t}) is {}; an int8 model needs INT8 weights",
                op_label(op),
                tensor.dtype
            );
        }
        if tensor.elements() != Some(data.len()) {
            bail!(
                "{}: the {what} (tensor {t}) has {} bytes of data, but its shape {} needs {}",
                op_label(op),
                data.len(),
                ShapeDisplay(&tensor.shape),
                tensor.elements().map_or_else(
                    || "more than can be addressed".to_owned(),
                    |n| n.to_string()
                )
            );
        }
        let Some(q) = &tensor.quantization else {
            bail!(
                "{}: the {what} (tensor {t}) has no quantization parameters",
                op_label(op)
            );
        };
        let per_channel = q.scale.len() == channels && channels > 1;
        if q.scale.len() != 1 && !per_channel {
            bail!(
                "{}: the {what} (tensor {t}) has {} scales; expected 1 (per-tensor) or {channels} (per-channel, \
                 one per output channel)",
                op_label(op),
                q.scale.len()
            );
        }
        if per_channel && usize::try_from(q.axis) != Ok(axis) {
            bail!(
                "{}: the {what} (tensor {t}) is quantized per channel along dimension {}; expected dimension {axis} \
                 (the output channels)",
                op_label(op),
                q.axis
            );
        }
        if !q.zero_point.is_empty() && q.zero_point.len() != q.scale.len() {
            bail!(
                "{}: the {what} (tensor {t}) has {} scales but {} zero points",
                op_label(op),
                q.scale.len(),
                q.zero_point.len()
            );
        }
        if let Some((i, z)) = q.zero_point.iter().enumerate().find(|(_, z)| **z != 0) {
            bail!(
                "{}: the {what} (tensor {t}) has zero point {z} (index {i}); int8 weights must be symmetric \
                 (every zero point 0)",
                op_label(op)
            );
        }
        if let Some((i, s)) = q
            .scale
            .iter()
            .enumerate()
            .find(|(_, s)| !(s.is_finite() && **s > 0.0))
        {
            bail!(
                "{}: the {what} (tensor {t}) has scale {s} (index {i}); scales must be finite and positive",
                op_label(op)
            );
        }
        let weights = data.iter().map(|&b| i8::from_le_bytes([b])).collect();
        Ok((weights, q.scale.clone()))
    }

    /// The int32 bias (input 2) of an int8 conv/dense op, or zeros.
    fn int32_bias(&self, op: &Operator, len: usize) -> Result<Vec<i32>, Error> {
        let Some(t) = op.input(2) else {
            return Ok(vec![0; len]);
        };
        let tensor = self.tensor(t);
        if tensor.shape != [len] {
            bail!(
                "{}: the bias (tensor {t}) has shape {}, expected {}",
                op_label(op),
                ShapeDisplay(&tensor.shape),
                ShapeDisplay(&[len])
            );
        }
        let Some(data) = tensor.data else {
            bail!(
                "{}: the bias (tensor {t} `{}`) is not a constant; only constant biases are supported",
                op_label(op),
                tensor.name
            );
        };
        if tensor.dtype != DType::INT32 {
            bail!(
                "{}: the bias (tensor {t}) is {}; an int8 model needs an INT32 bias",
                op_label(op),
                tensor.dtype
            );
        }
        if Some(data.len()) != len.checked_mul(4) {
            bail!(
                "{}: the bias (tensor {t}) has {} bytes of data, but its shape {} needs {}",
                op_label(op),
                data.len(),
                ShapeDisplay(&tensor.shape),
                len.saturating_mul(4)
            );
        }
        Ok(data
            .chunks_exact(4)
            .map(|c| i32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }

    /// The shape of the filter/weights (input 1), which must have `rank` dims.
    pub(super) fn weight_shape(&self, op: &Operator, rank: usize) -> Result<Vec<usize>, Error> {
        let Some(t) = op.input(1) else {
            bail!("{}: the weights (input 1) are missing", op_label(op));
        };
        let shape = &self.tensor(t).shape;
        if shape.len() != rank || shape.contains(&0) {
            bail!(
                "{}: the weights have shape {}, expected {rank} non-zero dimensions",
                op_label(op),
                ShapeDisplay(shape)
            );
        }
        Ok(shape.clone())
    }
}
