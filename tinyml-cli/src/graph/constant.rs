//! The constant inputs of conv and dense operators: weights and biases.
//!
//! [`Lowering::constant`] reads every constant the same way, whatever its
//! element type ([`Scalar`]: f32, i8, i32): the input must be there, have
//! the expected shape, be a constant of the right type with as many bytes
//! as its shape needs, and every float must be finite. An int8 model's
//! weight quantization is checked on top of that, by
//! [`Lowering::weight_scales`].

use std::fmt;

use super::lowering::{Lowering, op_label};
use super::{Element, Params, ShapeDisplay};
use crate::Error;
use crate::error::bail;
use crate::tflite::{DType, Operator};

/// An element type of constant tensors: little-endian, `size_of::<Self>()`
/// bytes each.
pub(super) trait Scalar: Copy + Default + fmt::Display {
    /// The tensor type it is stored as.
    const DTYPE: DType;
    /// Completes "the {what} (tensor {t}) is {dtype}" when the tensor has
    /// another type.
    const WRONG_TYPE: &'static str;
    /// The constants of this type an operator takes, in "only constant …
    /// are supported" (f32 has always said `weights`, for biases too).
    const CONSTANTS: &'static str;

    /// One element from its bytes.
    fn from_le(bytes: &[u8]) -> Self;

    /// The values of a tensor that `DEQUANTIZE` folded from float16 (which
    /// only f32 reads).
    fn folded(_values: &[f32]) -> Option<Vec<Self>> {
        None
    }

    /// Whether the value is a number a weight can be: not NaN or infinite.
    fn finite(self) -> bool {
        true
    }
}

impl Scalar for f32 {
    const DTYPE: DType = DType::FLOAT32;
    const WRONG_TYPE: &'static str = ", expected FLOAT32";
    const CONSTANTS: &'static str = "weights";

    fn from_le(b: &[u8]) -> Self {
        f32::from_le_bytes([b[0], b[1], b[2], b[3]])
    }

    fn folded(values: &[f32]) -> Option<Vec<Self>> {
        Some(values.to_vec())
    }

    fn finite(self) -> bool {
        self.is_finite()
    }
}

impl Scalar for i8 {
    const DTYPE: DType = DType::INT8;
    const WRONG_TYPE: &'static str = "; an int8 model needs INT8 weights";
    const CONSTANTS: &'static str = "weights";

    fn from_le(b: &[u8]) -> Self {
        i8::from_le_bytes([b[0]])
    }
}

impl Scalar for i32 {
    const DTYPE: DType = DType::INT32;
    const WRONG_TYPE: &'static str = "; an int8 model needs an INT32 bias";
    const CONSTANTS: &'static str = "biases";

    fn from_le(b: &[u8]) -> Self {
        i32::from_le_bytes([b[0], b[1], b[2], b[3]])
    }
}

impl Lowering<'_, '_> {
    /// The weights (input 1) and bias (input 2) of a conv/dense op with
    /// `channels` output channels along dimension `axis` of the weights.
    pub(super) fn params(
        &self,
        op: &Operator,
        what: &str,
        channels: usize,
        axis: usize,
    ) -> Result<Params, Error> {
        self.params_with_bias_at(op, what, channels, axis, 2)
    }

    /// [`Self::params`] with the bias at input `bias_at` (TRANSPOSE_CONV's
    /// is input 3).
    pub(super) fn params_with_bias_at(
        &self,
        op: &Operator,
        what: &str,
        channels: usize,
        axis: usize,
        bias_at: usize,
    ) -> Result<Params, Error> {
        Ok(match self.graph.element {
            Element::F32 => Params::F32 {
                weights: self.constant(op, 1, what, None)?,
                bias: self.bias(op, channels, bias_at)?,
            },
            Element::I8 => Params::I8 {
                weights: self.constant(op, 1, what, None)?,
                scales: self.weight_scales(op, what, channels, axis)?,
                zero_point: 0,
                bias: self.bias(op, channels, bias_at)?,
            },
        })
    }

    /// The constant operand (input `i`) of an element-wise op, with its own
    /// per-tensor quantization in an int8 model.
    pub(super) fn constant_operand(&self, op: &Operator, i: usize) -> Result<Params, Error> {
        const WHAT: &str = "constant operand";
        Ok(match self.graph.element {
            Element::F32 => Params::F32 {
                weights: self.constant(op, i, WHAT, None)?,
                bias: Vec::new(),
            },
            Element::I8 => {
                let t = self.constant_input(op, i, WHAT)?;
                let quant = match &self.tensor(t).quantization {
                    Some(q) if q.scale.len() == 1 && q.zero_point.len() <= 1 => q,
                    _ => bail!(
                        "{}: the {WHAT} (tensor {t}) needs one scale and zero point (per-tensor quantization)",
                        op_label(op)
                    ),
                };
                let (scale, zero_point) = (
                    quant.scale[0],
                    quant.zero_point.first().copied().unwrap_or(0),
                );
                if !(scale.is_finite() && scale > 0.0 && (-128..=127).contains(&zero_point)) {
                    bail!(
                        "{}: the {WHAT} (tensor {t}) has scale {scale} and zero point {zero_point}; int8 needs a \
                         finite positive scale and a zero point in -128..=127",
                        op_label(op)
                    );
                }
                Params::I8 {
                    weights: self.constant(op, i, WHAT, None)?,
                    scales: vec![scale],
                    zero_point: i32::try_from(zero_point).unwrap_or(0),
                    bias: Vec::new(),
                }
            }
        })
    }

    /// The bias (input `at`) of a conv/dense op with `len` output channels:
    /// its constant, or zeros when absent.
    fn bias<T: Scalar>(&self, op: &Operator, len: usize, at: usize) -> Result<Vec<T>, Error> {
        if op.input(at).is_none() {
            return Ok(vec![T::default(); len]);
        }
        self.constant(op, at, "bias", Some(&[len]))
    }

    /// The constant input `i` of `op` (its `what`, for messages) decoded as
    /// `T`, with exactly `shape` if one is given; a float one must be finite.
    pub(super) fn constant<T: Scalar>(
        &self,
        op: &Operator,
        i: usize,
        what: &str,
        shape: Option<&[usize]>,
    ) -> Result<Vec<T>, Error> {
        let t = self.constant_input(op, i, what)?;
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
        let values = match self.folded.get(&t).and_then(|v| T::folded(v)) {
            Some(values) => values,
            None => self.decode(op, t, what)?,
        };
        if let Some((index, value)) = values.iter().enumerate().find(|(_, v)| !v.finite()) {
            bail!(
                "{}: the {what} (tensor {t} `{}`) has a non-finite value ({value}) at index {index}; \
                 `tinyml import` needs finite weights",
                op_label(op),
                tensor.name
            );
        }
        Ok(values)
    }

    /// The data of constant tensor `t`, input of `op`, decoded as `T`.
    fn decode<T: Scalar>(&self, op: &Operator, t: usize, what: &str) -> Result<Vec<T>, Error> {
        let tensor = self.tensor(t);
        let Some(data) = tensor.data else {
            bail!(
                "{}: the {what} (tensor {t} `{}`) is not a constant; only constant {} are supported",
                op_label(op),
                tensor.name,
                T::CONSTANTS
            );
        };
        if tensor.dtype != T::DTYPE {
            bail!(
                "{}: the {what} (tensor {t}) is {}{}",
                op_label(op),
                tensor.dtype,
                T::WRONG_TYPE
            );
        }
        let width = size_of::<T>();
        let expected = tensor.elements().and_then(|n| n.checked_mul(width));
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
        Ok(data.chunks_exact(width).map(T::from_le).collect())
    }

    /// The tensor of input `i` of `op`, which must be there.
    pub(super) fn constant_input(
        &self,
        op: &Operator,
        i: usize,
        what: &str,
    ) -> Result<usize, Error> {
        match op.input(i) {
            Some(t) => Ok(t),
            None => bail!("{}: the {what} (input {i}) is missing", op_label(op)),
        }
    }

    /// The scales of the int8 weights (input 1, read by [`Self::constant`]):
    /// zero point 0, one scale for the tensor or one per output channel
    /// along `axis`.
    fn weight_scales(
        &self,
        op: &Operator,
        what: &str,
        channels: usize,
        axis: usize,
    ) -> Result<Vec<f32>, Error> {
        let t = self.constant_input(op, 1, what)?;
        let Some(q) = &self.tensor(t).quantization else {
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
        Ok(q.scale.clone())
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
