//! `transpose(perm = [p0, p1, …])`: the input with its dimensions (after
//! the batch) reordered, output dimension `i` being input dimension
//! `perm[i]`, as TFLite's TRANSPOSE (Keras' `Permute((2, 1))` is
//! `transpose(perm = [1, 0])`: Keras counts from 1). In `i8` it keeps its
//! input's quantization: TFLM's kernel copies bytes.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::Op;
use crate::shape::{MAX_MOVE_RANK, ShapeError, shape_text};

/// `transpose`'s arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transpose {
    /// For each output dimension, the input dimension it is.
    pub perm: Vec<usize>,
}

impl Op for Transpose {
    const NAME: &'static str = "transpose";
    const RECORD: Option<u8> = None;

    fn output_shape(&self, inputs: &[&[usize]]) -> Result<Vec<usize>, ShapeError> {
        let input = inputs[0];
        let error = |why: String| ShapeError::Arguments {
            text: self.dsl(),
            input: input.to_vec(),
            why,
        };
        let rank = input.len();
        if self.perm.len() != rank || (0..rank).any(|d| !self.perm.contains(&d)) {
            return Err(error(format!(
                "`perm` must order the input's {rank} dimensions, each of 0..{rank} once"
            )));
        }
        if rank > MAX_MOVE_RANK {
            return Err(error(format!(
                "it moves data over at most {MAX_MOVE_RANK} dimensions"
            )));
        }
        Ok(self.perm.iter().map(|&p| input[p]).collect())
    }

    fn dsl(&self) -> String {
        format!("{}(perm = {})", Self::NAME, shape_text(&self.perm))
    }
}

#[cfg(test)]
mod tests {
    use alloc::string::ToString;
    use alloc::vec;

    use super::*;

    #[test]
    fn reorders_dimensions() {
        let swap = Transpose { perm: vec![1, 0] };
        assert_eq!(swap.output_shape(&[&[5, 3]]), Ok(vec![3, 5]));
        assert_eq!(swap.dsl(), "transpose(perm = [1, 0])");
        let rotate = Transpose {
            perm: vec![2, 0, 1],
        };
        assert_eq!(rotate.output_shape(&[&[4, 5, 6]]), Ok(vec![6, 4, 5]));
        assert_eq!(
            Transpose { perm: vec![1, 1] }
                .output_shape(&[&[5, 3]])
                .unwrap_err()
                .to_string(),
            "`transpose(perm = [1, 1])` does not fit its input [5, 3]: `perm` must order the input's 2 \
             dimensions, each of 0..2 once"
        );
        assert!(swap.output_shape(&[&[5, 3, 2]]).is_err());
    }
}
