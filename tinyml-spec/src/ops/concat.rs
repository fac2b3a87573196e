//! `concat(a, b, …)` and `concat(a, b, …, axis = n)`: the operands joined
//! along one axis (the last by default; 0 is the first after the batch), as
//! Keras' `Concatenate` exports to TFLite's CONCATENATION. It starts a
//! chain. In `i8`, TFLM requires every operand to have the output's
//! quantization and only copies, so it keeps its operands' quantization.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::Op;
use crate::shape::ShapeError;

/// `concat`'s arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Concat {
    /// How many tensors it joins (at least two).
    pub inputs: usize,
    /// The axis, `None` for the last.
    pub axis: Option<usize>,
}

impl Concat {
    /// The axis on operands of `rank` dimensions.
    pub fn axis_of(&self, rank: usize) -> usize {
        self.axis.unwrap_or(rank.saturating_sub(1))
    }

    /// Per operand: `(outer, inner)`, where `outer` is the product of the
    /// dimensions before the axis and `inner` that of the axis and after:
    /// the output is `outer` runs of the operands' `inner` values in turn.
    pub fn runs(&self, inputs: &[&[usize]]) -> Vec<(usize, usize)> {
        inputs
            .iter()
            .map(|shape| {
                let axis = self.axis_of(shape.len()).min(shape.len());
                let (outer, inner) = shape.split_at(axis);
                (outer.iter().product(), inner.iter().product())
            })
            .collect()
    }
}

impl Op for Concat {
    const NAME: &'static str = "concat";
    const INPUTS: usize = 2;
    const RECORD: Option<u8> = None;

    fn inputs(&self) -> usize {
        self.inputs
    }

    fn output_shape(&self, inputs: &[&[usize]]) -> Result<Vec<usize>, ShapeError> {
        let first = inputs[0];
        let axis = self.axis_of(first.len());
        let fits = axis < first.len()
            && inputs.iter().all(|shape| {
                shape.len() == first.len()
                    && shape
                        .iter()
                        .zip(first)
                        .enumerate()
                        .all(|(i, (a, b))| i == axis || a == b)
            });
        if !fits {
            return Err(ShapeError::Concat {
                axis,
                shapes: inputs.iter().map(|s| s.to_vec()).collect(),
            });
        }
        let mut shape = first.to_vec();
        shape[axis] = inputs.iter().map(|s| s[axis]).sum();
        Ok(shape)
    }

    fn dsl(&self) -> String {
        Self::NAME.into()
    }

    fn combined(&self, operands: &[&str]) -> String {
        let axis = self
            .axis
            .map_or_else(String::new, |a| format!(", axis = {a}"));
        format!("{}({}{axis})", Self::NAME, operands.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use alloc::string::ToString;
    use alloc::vec;

    use super::*;

    #[test]
    fn joins_along_the_last_axis_by_default() {
        let concat = Concat {
            inputs: 2,
            axis: None,
        };
        assert_eq!(
            concat.output_shape(&[&[4, 4, 3], &[4, 4, 5]]),
            Ok(vec![4, 4, 8])
        );
        assert_eq!(
            concat.runs(&[&[4, 4, 3], &[4, 4, 5]]),
            vec![(16, 3), (16, 5)]
        );
        assert_eq!(concat.combined(&["a", "b"]), "concat(a, b)");
        let rows = Concat {
            inputs: 3,
            axis: Some(0),
        };
        assert_eq!(
            rows.output_shape(&[&[2, 3], &[1, 3], &[4, 3]]),
            Ok(vec![7, 3])
        );
        assert_eq!(rows.runs(&[&[2, 3]]), vec![(1, 6)]);
        assert_eq!(rows.combined(&["a", "b", "c"]), "concat(a, b, c, axis = 0)");
        assert_eq!(
            concat
                .output_shape(&[&[4, 4, 3], &[4, 2, 5]])
                .unwrap_err()
                .to_string(),
            "`concat` along axis 2 needs operands with that axis that agree on every other dimension, found \
             [4, 4, 3], [4, 2, 5]"
        );
        assert!(rows.output_shape(&[&[2], &[2, 3]]).is_err());
    }
}
