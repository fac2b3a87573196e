//! `SLICE` and `STRIDED_SLICE` of activations → `slice(begin, end,
//! stride)` (on shapes and integer constants STRIDED_SLICE is folded
//! instead). Their constant bounds count the batch, which must be taken
//! whole; TFLite's negative indices count from the end and out-of-range
//! bounds are clamped, as TensorFlow does; `shrink_axis_mask` drops the
//! dimensions it indexes (a reshape after the slice). In int8, TFLM copies
//! bytes, so the output must keep the input's quantization.

use tinyml_spec::ops::{flatten::Flatten, reshape::Reshape, slice::Slice};

use crate::Error;
use crate::error::bail;
use crate::graph::lowering::{Lowering, op_label};
use crate::graph::{Layer, ShapeDisplay};
use crate::tflite::{Activation, OpKind, Operator, Options};

/// One dimension of a slice, counting the batch: `begin..end` every
/// `stride`, or (`shrink`) the position `begin` alone, dropped.
struct Bound {
    begin: usize,
    end: usize,
    stride: usize,
    shrink: bool,
}

impl Lowering<'_, '_> {
    pub(super) fn slice(&mut self, op: &Operator) -> Result<(), Error> {
        let x = self.activation_input(op, 0)?;
        self.keep_quant(
            op,
            x,
            "TFLM's int8 SLICE and STRIDED_SLICE copy bytes, so they keep their input's quantization",
        )?;
        let mut dims = vec![1];
        dims.extend_from_slice(self.shape_of(x));
        let bounds = if op.kind == OpKind::Slice {
            self.slice_bounds(op, &dims)?
        } else {
            self.strided_slice_bounds(op, &dims)?
        };
        let batch = &bounds[0];
        if batch.shrink || batch.begin != 0 {
            bail!(
                "{}: it slices the batch dimension; only slices after the batch are supported",
                op_label(op)
            );
        }
        for (axis, bound) in bounds.iter().enumerate() {
            if bound.begin >= bound.end {
                bail!(
                    "{}: it takes nothing of dimension {axis} of {} (positions {}..{})",
                    op_label(op),
                    ShapeDisplay(&dims),
                    bound.begin,
                    bound.end
                );
            }
        }
        let after_batch = &bounds[1..];
        let last_step = match after_batch {
            [steps, all] => {
                steps.shrink
                    && steps.begin + 1 == dims[1]
                    && (all.begin, all.end, all.stride, all.shrink) == (0, dims[2], 1, false)
            }
            _ => false,
        };
        if last_step && self.lstm_keeps_last_step(op, x)? {
            return Ok(());
        }
        let slice = Slice {
            begin: after_batch.iter().map(|b| b.begin).collect(),
            end: after_batch.iter().map(|b| Some(b.end)).collect(),
            stride: after_batch.iter().map(|b| b.stride).collect(),
        };
        let kept: Vec<usize> = after_batch
            .iter()
            .filter(|b| !b.shrink)
            .map(|b| (b.end - b.begin).div_ceil(b.stride))
            .collect();
        let then = match kept.len() {
            _ if kept.len() == after_batch.len() => None,
            0 => bail!(
                "{}: it keeps a single value per example (every dimension after the batch shrunk), which \
                 tinyml does not represent",
                op_label(op)
            ),
            1 => Some(Layer::from(Flatten)),
            _ => Some(Layer::from(Reshape { shape: kept })),
        };
        self.push_then(
            op,
            Layer::from(slice),
            None,
            vec![x],
            Activation::None,
            then,
        )
    }

    /// SLICE: constant `begin` and `size` (input 1 and 2; a size of -1
    /// takes the rest of the dimension).
    fn slice_bounds(&self, op: &Operator, dims: &[usize]) -> Result<Vec<Bound>, Error> {
        let rank = [dims.len()];
        let begin: Vec<i32> = self.constant(op, 1, "begin", Some(&rank))?;
        let size: Vec<i32> = self.constant(op, 2, "size", Some(&rank))?;
        let mut bounds = Vec::new();
        for (axis, ((&b, &n), &dim)) in begin.iter().zip(&size).zip(dims).enumerate() {
            let begin = usize::try_from(b).ok().filter(|&b| b <= dim);
            let end = match n {
                -1 => Some(dim),
                n => usize::try_from(n)
                    .ok()
                    .zip(begin)
                    .map(|(n, b)| b + n)
                    .filter(|&e| e <= dim),
            };
            let (Some(begin), Some(end)) = (begin, end) else {
                bail!(
                    "{}: begin {b} and size {n} are outside dimension {axis} of {}",
                    op_label(op),
                    ShapeDisplay(dims)
                );
            };
            bounds.push(Bound {
                begin,
                end,
                stride: 1,
                shrink: false,
            });
        }
        Ok(bounds)
    }

    /// STRIDED_SLICE: constant `begin`, `end` and `strides` (inputs 1–3)
    /// with its masks, as TensorFlow resolves them for positive strides.
    fn strided_slice_bounds(&self, op: &Operator, dims: &[usize]) -> Result<Vec<Bound>, Error> {
        let Options::StridedSlice {
            begin_mask,
            end_mask,
            shrink_axis_mask,
            ellipsis_mask,
            new_axis_mask,
            offset,
        } = op.options
        else {
            bail!("{}: missing StridedSliceOptions", op_label(op));
        };
        if ellipsis_mask != 0 || new_axis_mask != 0 {
            bail!(
                "{}: an ellipsis or new axis in the indexing (`...` or `tf.newaxis`, ellipsis_mask {ellipsis_mask}, \
                 new_axis_mask {new_axis_mask}) is not supported; index every dimension",
                op_label(op)
            );
        }
        let rank = [dims.len()];
        let begin: Vec<i32> = self.constant(op, 1, "begin", Some(&rank))?;
        let end: Vec<i32> = self.constant(op, 2, "end", Some(&rank))?;
        let strides: Vec<i32> = self.constant(op, 3, "strides", Some(&rank))?;
        let mut bounds = Vec::new();
        for (axis, &dim) in dims.iter().enumerate() {
            let bit = |mask: i32| mask & (1 << axis) != 0;
            let stride = match usize::try_from(strides[axis]) {
                Ok(s) if s > 0 => s,
                _ => bail!(
                    "{}: stride {} along dimension {axis}; only positive strides are supported (a negative one \
                     reverses)",
                    op_label(op),
                    strides[axis]
                ),
            };
            let size = dim as i64;
            // A negative index counts from the end; TensorFlow clamps.
            let resolve = |i: i32| {
                let i = i64::from(i);
                (if i < 0 { i + size } else { i }).clamp(0, size) as usize
            };
            let first = if bit(begin_mask) {
                0
            } else {
                resolve(begin[axis])
            };
            if bit(shrink_axis_mask) {
                let index = i64::from(begin[axis]);
                if index < -size || index >= size {
                    bail!(
                        "{}: index {index} is outside dimension {axis} of {}",
                        op_label(op),
                        ShapeDisplay(dims)
                    );
                }
                bounds.push(Bound {
                    begin: first,
                    end: first + 1,
                    stride: 1,
                    shrink: true,
                });
                continue;
            }
            let last = if bit(end_mask) {
                dim
            } else if offset {
                (first as i64 + i64::from(end[axis])).clamp(0, size) as usize
            } else {
                resolve(end[axis])
            };
            bounds.push(Bound {
                begin: first,
                end: last,
                stride,
                shrink: false,
            });
        }
        Ok(bounds)
    }
}
