//! `tile(multiples = [m0, m1, …])`: the input repeated `m_i` times along
//! each dimension after the batch, as TFLite's TILE (Keras'
//! `RepeatVector(n)` exports as EXPAND_DIMS then TILE). It only copies, so
//! in `i8` it keeps its input's quantization.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::Op;
use crate::shape::{MAX_MOVE_RANK, ShapeError, shape_text};

/// `tile`'s arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tile {
    /// How many times each dimension repeats (at least 1).
    pub multiples: Vec<usize>,
}

impl Op for Tile {
    const NAME: &'static str = "tile";
    const RECORD: Option<u8> = None;

    fn output_shape(&self, inputs: &[&[usize]]) -> Result<Vec<usize>, ShapeError> {
        let input = inputs[0];
        let error = |why: String| ShapeError::Arguments {
            text: self.dsl(),
            input: input.to_vec(),
            why,
        };
        if self.multiples.len() != input.len() {
            return Err(error(format!(
                "`multiples` needs one entry per dimension, found {} for {}",
                self.multiples.len(),
                input.len()
            )));
        }
        if input.len() > MAX_MOVE_RANK {
            return Err(error(format!(
                "it moves data over at most {MAX_MOVE_RANK} dimensions"
            )));
        }
        if self.multiples.contains(&0) {
            return Err(error("a multiple of 0 leaves nothing".into()));
        }
        input
            .iter()
            .zip(&self.multiples)
            .map(|(&d, &m)| d.checked_mul(m))
            .collect::<Option<Vec<usize>>>()
            .ok_or_else(|| ShapeError::Overflow {
                what: format!("the output of `{}`", self.dsl()),
            })
    }

    fn dsl(&self) -> String {
        format!(
            "{}(multiples = {})",
            Self::NAME,
            shape_text(&self.multiples)
        )
    }
}

#[cfg(test)]
mod tests {
    use alloc::string::ToString;
    use alloc::vec;

    use super::*;

    #[test]
    fn repeats_each_dimension() {
        let repeat = Tile {
            multiples: vec![5, 1],
        };
        assert_eq!(repeat.output_shape(&[&[1, 3]]), Ok(vec![5, 3]));
        assert_eq!(repeat.dsl(), "tile(multiples = [5, 1])");
        assert_eq!(
            repeat.output_shape(&[&[3]]).unwrap_err().to_string(),
            "`tile(multiples = [5, 1])` does not fit its input [3]: `multiples` needs one entry per dimension, \
             found 2 for 1"
        );
        assert!(
            Tile {
                multiples: vec![0, 1]
            }
            .output_shape(&[&[1, 3]])
            .is_err()
        );
    }
}
