//! Constant folding at import. A Keras model with an unfixed batch size
//! computes shapes at run time (`SHAPE → STRIDED_SLICE → PACK → RESHAPE` for
//! every `Flatten`); with the model's static shapes (batch 1) all of it is
//! constant. Every operator of [`FoldKind`] whose inputs are shapes or
//! integer constants is evaluated here and left out of the graph; RESHAPE
//! then takes the static shape of its output. What cannot be folded (such
//! an operator on run-time values) is refused by the lowering, by name.

use std::collections::HashMap;

use super::lowering::{Lowering, op_label};
use crate::Error;
use crate::error::bail;
use crate::tflite::{DType, FoldKind, OpKind, Operator, Options};

/// An integer tensor whose value is known at import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Known {
    pub(super) shape: Vec<usize>,
    pub(super) values: Vec<i64>,
}

impl Known {
    fn vector(values: Vec<i64>) -> Self {
        Known {
            shape: vec![values.len()],
            values,
        }
    }

    fn scalar(value: i64) -> Self {
        Known {
            shape: Vec::new(),
            values: vec![value],
        }
    }
}

impl Lowering<'_, '_> {
    /// Folds every foldable operator, in execution order; returns which were
    /// folded (they compute nothing at run time) and their readers no longer
    /// count.
    pub(super) fn fold_constants(&mut self) -> Result<Vec<bool>, Error> {
        let mut known: HashMap<usize, Known> = HashMap::new();
        let mut folded = vec![false; self.model.operators.len()];
        for op in &self.model.operators {
            let OpKind::Fold(kind) = op.kind else {
                continue;
            };
            let Some(value) = self.evaluate(op, kind, &known)? else {
                continue;
            };
            let [out] = op.outputs.as_slice() else {
                bail!("{}: expected one output", op_label(op));
            };
            let tensor = self.tensor(*out);
            if tensor.shape != value.shape {
                bail!(
                    "{}: folding it gives shape {:?}, but the model declares {:?}",
                    op_label(op),
                    value.shape,
                    tensor.shape
                );
            }
            known.insert(*out, value);
            folded[op.index] = true;
            for &t in op.inputs.iter().flatten() {
                self.readers[t] -= 1;
            }
        }
        Ok(folded)
    }

    /// Input `i` of `op` as an integer constant: folded earlier, or INT32 /
    /// INT64 data in the file.
    fn known(&self, op: &Operator, i: usize, known: &HashMap<usize, Known>) -> Option<Known> {
        let t = op.input(i)?;
        if let Some(k) = known.get(&t) {
            return Some(k.clone());
        }
        let tensor = self.tensor(t);
        let data = tensor.data?;
        let width = match tensor.dtype {
            DType::INT32 => 4,
            DType::INT64 => 8,
            _ => return None,
        };
        if Some(data.len()) != tensor.elements().and_then(|n| n.checked_mul(width)) {
            return None;
        }
        let values = data
            .chunks_exact(width)
            .map(|c| {
                let mut bytes = [0u8; 8];
                bytes[..width].copy_from_slice(c);
                if width == 4 {
                    i64::from(i32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
                } else {
                    i64::from_le_bytes(bytes)
                }
            })
            .collect();
        Some(Known {
            shape: tensor.shape.clone(),
            values,
        })
    }

    /// Whether `op` computes integers (shape arithmetic), not activations.
    pub(super) fn integer_output(&self, op: &Operator) -> bool {
        op.outputs
            .first()
            .is_some_and(|&t| matches!(self.tensor(t).dtype, DType::INT32 | DType::INT64))
    }

    /// The value of `op`, if all its inputs are known (`None`: lower it).
    fn evaluate(
        &self,
        op: &Operator,
        kind: FoldKind,
        known: &HashMap<usize, Known>,
    ) -> Result<Option<Known>, Error> {
        if !self.integer_output(op) {
            return Ok(None);
        }
        let arg = |i: usize| self.known(op, i, known);
        let all = |from: usize| -> Option<Vec<Known>> {
            (from..op.inputs.len())
                .map(|i| self.known(op, i, known))
                .collect()
        };
        Ok(match kind {
            FoldKind::Shape => op
                .input(0)
                .map(|t| Known::vector(self.tensor(t).shape.iter().map(|&d| d as i64).collect())),
            FoldKind::StridedSlice => match (arg(0), arg(1), arg(2), arg(3)) {
                (Some(x), Some(b), Some(e), Some(s)) => Some(strided_slice(op, &x, &b, &e, &s)?),
                _ => None,
            },
            FoldKind::Pack => match (all(0), &op.options) {
                (Some(parts), Options::Pack { axis: 0 }) => Some(stack(op, &parts)?),
                (Some(_), _) => bail!("{}: only PACK along axis 0 is folded", op_label(op)),
                (None, _) => None,
            },
            FoldKind::Concatenation => match (all(0), &op.options) {
                (Some(parts), Options::Concatenation { axis, .. }) => {
                    Some(concatenate(op, &parts, *axis)?)
                }
                _ => None,
            },
            FoldKind::Gather => match (arg(0), arg(1), &op.options) {
                (Some(params), Some(indices), Options::Gather { axis: 0 })
                    if params.shape.len() == 1 =>
                {
                    Some(gather(op, &params, &indices)?)
                }
                (Some(_), Some(_), _) => {
                    bail!("{}: only GATHER from a vector is folded", op_label(op))
                }
                _ => None,
            },
            FoldKind::Fill => match (arg(0), arg(1)) {
                (Some(dims), Some(value)) if value.values.len() == 1 => {
                    let shape: Vec<usize> =
                        dims.values.iter().map(|&d| d.max(0) as usize).collect();
                    let n = tinyml_spec::shape::elements(&shape);
                    match n {
                        Some(n) if n <= 1 << 20 => Some(Known {
                            shape,
                            values: vec![value.values[0]; n],
                        }),
                        _ => bail!(
                            "{}: FILL of shape {shape:?} is too large to fold",
                            op_label(op)
                        ),
                    }
                }
                _ => None,
            },
            FoldKind::Cast => arg(0),
            FoldKind::Mul | FoldKind::Sub | FoldKind::FloorDiv => match (arg(0), arg(1)) {
                (Some(a), Some(b)) => Some(arithmetic(op, kind, &a, &b)?),
                _ => None,
            },
        })
    }
}

/// STRIDED_SLICE of a vector (the case shape computations use).
fn strided_slice(
    op: &Operator,
    x: &Known,
    b: &Known,
    e: &Known,
    s: &Known,
) -> Result<Known, Error> {
    let Options::StridedSlice {
        begin_mask,
        end_mask,
        shrink_axis_mask,
        ellipsis_mask: 0,
        new_axis_mask: 0,
        offset: false,
    } = op.options
    else {
        bail!(
            "{}: only STRIDED_SLICE without ellipsis, new axes or offset is folded",
            op_label(op)
        );
    };
    if x.shape.len() != 1 || [b, e, s].iter().any(|k| k.values.len() != 1) {
        bail!("{}: only STRIDED_SLICE of a vector is folded", op_label(op));
    }
    let (n, stride) = (x.values.len() as i64, s.values[0]);
    if stride == 0 {
        bail!("{}: stride 0", op_label(op));
    }
    let clamp = |i: i64| {
        let i = if i < 0 { i + n } else { i };
        if stride > 0 {
            i.clamp(0, n)
        } else {
            i.clamp(-1, n - 1)
        }
    };
    let begin = if begin_mask & 1 != 0 {
        if stride > 0 { 0 } else { n - 1 }
    } else {
        clamp(b.values[0])
    };
    if shrink_axis_mask & 1 != 0 {
        let Some(&v) = usize::try_from(begin).ok().and_then(|i| x.values.get(i)) else {
            bail!(
                "{}: index {} is outside the vector of {n}",
                op_label(op),
                b.values[0]
            );
        };
        return Ok(Known::scalar(v));
    }
    let end = if end_mask & 1 != 0 {
        if stride > 0 { n } else { -1 }
    } else {
        clamp(e.values[0])
    };
    let mut values = Vec::new();
    let mut i = begin;
    while (stride > 0 && i < end) || (stride < 0 && i > end) {
        values.push(x.values[i as usize]);
        i += stride;
    }
    Ok(Known::vector(values))
}

/// PACK along axis 0: the parts, one after another, under a new dimension.
fn stack(op: &Operator, parts: &[Known]) -> Result<Known, Error> {
    let Some(first) = parts.first() else {
        bail!("{}: nothing to pack", op_label(op));
    };
    if parts.iter().any(|p| p.shape != first.shape) {
        bail!("{}: the packed values differ in shape", op_label(op));
    }
    let mut shape = vec![parts.len()];
    shape.extend(&first.shape);
    Ok(Known {
        shape,
        values: parts
            .iter()
            .flat_map(|p| p.values.iter().copied())
            .collect(),
    })
}

/// CONCATENATION of vectors.
fn concatenate(op: &Operator, parts: &[Known], axis: i32) -> Result<Known, Error> {
    if !(axis == 0 || axis == -1) || parts.iter().any(|p| p.shape.len() != 1) {
        bail!("{}: only CONCATENATION of vectors is folded", op_label(op));
    }
    Ok(Known::vector(
        parts
            .iter()
            .flat_map(|p| p.values.iter().copied())
            .collect(),
    ))
}

/// GATHER from a vector.
fn gather(op: &Operator, params: &Known, indices: &Known) -> Result<Known, Error> {
    let values = indices
        .values
        .iter()
        .map(|&i| {
            usize::try_from(i)
                .ok()
                .and_then(|i| params.values.get(i).copied())
        })
        .collect::<Option<Vec<i64>>>();
    match values {
        Some(values) => Ok(Known {
            shape: indices.shape.clone(),
            values,
        }),
        None => bail!(
            "{}: an index is outside the vector of {}",
            op_label(op),
            params.values.len()
        ),
    }
}

/// MUL, SUB, FLOOR_DIV of integers, of equal shapes or with a scalar.
fn arithmetic(op: &Operator, kind: FoldKind, a: &Known, b: &Known) -> Result<Known, Error> {
    let shape = match (a.values.len(), b.values.len()) {
        _ if a.shape == b.shape => a.shape.clone(),
        (_, 1) => a.shape.clone(),
        (1, _) => b.shape.clone(),
        _ => bail!(
            "{}: operands of shapes {:?} and {:?}",
            op_label(op),
            a.shape,
            b.shape
        ),
    };
    let n = a.values.len().max(b.values.len());
    let at = |k: &Known, i: usize| k.values[if k.values.len() == 1 { 0 } else { i }];
    let mut values = Vec::with_capacity(n);
    for i in 0..n {
        let (x, y) = (at(a, i), at(b, i));
        let v = match kind {
            FoldKind::Mul => x.checked_mul(y),
            FoldKind::Sub => x.checked_sub(y),
            _ if y == 0 => None,
            // Rounded toward −∞, as FLOOR_DIV does.
            _ => x
                .checked_div(y)
                .map(|q| q - i64::from(x % y != 0 && (x < 0) != (y < 0))),
        };
        match v {
            Some(v) => values.push(v),
            None => bail!("{}: {x} and {y} overflow or divide by zero", op_label(op)),
        }
    }
    Ok(Known { shape, values })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(options: Options) -> Operator {
        Operator {
            index: 7,
            kind: OpKind::Fold(FoldKind::StridedSlice),
            name: "STRIDED_SLICE".into(),
            inputs: Vec::new(),
            outputs: Vec::new(),
            options,
        }
    }

    fn slice(masks: (i32, i32, i32), x: &[i64], b: i64, e: i64, s: i64) -> Result<Known, String> {
        let (begin_mask, end_mask, shrink_axis_mask) = masks;
        let op = op(Options::StridedSlice {
            begin_mask,
            end_mask,
            shrink_axis_mask,
            ellipsis_mask: 0,
            new_axis_mask: 0,
            offset: false,
        });
        let v = |x: i64| Known::vector(vec![x]);
        strided_slice(&op, &Known::vector(x.to_vec()), &v(b), &v(e), &v(s))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn strided_slice_as_tensorflow_computes_it() {
        let shape = [1, 4, 4, 4];
        // Flatten's `shape[0]`: begin 0, end 1, shrink.
        assert_eq!(slice((0, 0, 1), &shape, 0, 1, 1), Ok(Known::scalar(1)));
        // `shape[1:]`, `shape[:-1]`, `shape[::-1]`, `shape[-2:]`.
        assert_eq!(slice((0, 1, 0), &shape, 1, 0, 1).unwrap().values, [4, 4, 4]);
        assert_eq!(
            slice((1, 0, 0), &[1, 2, 3, 4], 0, -1, 1).unwrap().values,
            [1, 2, 3]
        );
        assert_eq!(
            slice((1, 1, 0), &[1, 2, 3, 4], 0, 0, -1).unwrap().values,
            [4, 3, 2, 1]
        );
        assert_eq!(
            slice((0, 1, 0), &[1, 2, 3, 4], -2, 0, 1).unwrap().values,
            [3, 4]
        );
        assert_eq!(
            slice((0, 0, 1), &shape, 9, 10, 1),
            Err("STRIDED_SLICE (operator 7): index 9 is outside the vector of 4".into())
        );
    }

    #[test]
    fn integer_arithmetic_rounds_as_tflite() {
        let o = op(Options::None);
        let div = |x: i64, y: i64| {
            arithmetic(&o, FoldKind::FloorDiv, &Known::scalar(x), &Known::scalar(y))
                .map(|k| k.values[0])
        };
        assert_eq!(div(7, 2).ok(), Some(3));
        assert_eq!(div(-7, 2).ok(), Some(-4));
        assert_eq!(div(7, -2).ok(), Some(-4));
        assert!(div(1, 0).is_err());
        let product = arithmetic(
            &o,
            FoldKind::Mul,
            &Known::vector(vec![2, 3]),
            &Known::scalar(-1),
        )
        .unwrap();
        assert_eq!(product, Known::vector(vec![-2, -3]));
        let packed = stack(&o, &[Known::scalar(1), Known::scalar(-1)]).unwrap();
        assert_eq!(packed, Known::vector(vec![1, -1]));
        let gathered = gather(
            &o,
            &Known::vector(vec![1, 8, 8, 3]),
            &Known::vector(vec![3, 1]),
        )
        .unwrap();
        assert_eq!(gathered.values, [3, 8]);
    }
}
