//! `slice(begin = [..], end = [..], stride = [..])`: a box of the input,
//! every `stride`-th position from `begin` up to (not including) `end`
//! along each dimension after the batch; `_` in `end` is the dimension's
//! end. TFLite's SLICE and STRIDED_SLICE (Keras' `Cropping1D`/`Cropping2D`,
//! `x[:, 2:5]`) import as it. In `i8` it keeps its input's quantization:
//! TFLM's kernels copy bytes.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::Op;
use crate::shape::{MAX_MOVE_RANK, ShapeError};

/// `slice`'s arguments, one entry per dimension after the batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slice {
    /// The first position taken.
    pub begin: Vec<usize>,
    /// The position it stops before; `None` is the dimension's end.
    pub end: Vec<Option<usize>>,
    /// The step between positions taken (at least 1).
    pub stride: Vec<usize>,
}

impl Slice {
    /// The slice taking `begin..end` with stride 1 along every dimension.
    pub fn new(begin: Vec<usize>, end: Vec<Option<usize>>) -> Slice {
        let stride = alloc::vec![1; begin.len()];
        Slice { begin, end, stride }
    }

    /// Along each dimension of `input`: `(begin, stride, count)`, the
    /// first position, the step and how many positions it takes.
    pub fn ranges(&self, input: &[usize]) -> Result<Vec<(usize, usize, usize)>, ShapeError> {
        let error = |why: String| ShapeError::Arguments {
            text: self.dsl(),
            input: input.to_vec(),
            why,
        };
        let rank = input.len();
        if [self.end.len(), self.stride.len()] != [self.begin.len(); 2] {
            return Err(error(format!(
                "`begin`, `end` and `stride` need one entry per dimension, found {}, {} and {}",
                self.begin.len(),
                self.end.len(),
                self.stride.len()
            )));
        }
        if self.begin.len() != rank {
            return Err(error(format!(
                "it names {} dimension(s), the input has {rank}",
                self.begin.len()
            )));
        }
        if rank > MAX_MOVE_RANK {
            return Err(error(format!(
                "it moves data over at most {MAX_MOVE_RANK} dimensions"
            )));
        }
        let mut ranges = Vec::with_capacity(rank);
        for (axis, &dim) in input.iter().enumerate() {
            let (begin, stride) = (self.begin[axis], self.stride[axis]);
            let end = self.end[axis].unwrap_or(dim);
            if stride == 0 {
                return Err(error(format!("stride 0 along dimension {axis}")));
            }
            if end > dim || begin >= end {
                return Err(error(format!(
                    "dimension {axis} of size {dim} has no positions {begin}..{end}"
                )));
            }
            ranges.push((begin, stride, (end - begin).div_ceil(stride)));
        }
        Ok(ranges)
    }
}

impl Op for Slice {
    const NAME: &'static str = "slice";
    const RECORD: Option<u8> = None;

    fn output_shape(&self, inputs: &[&[usize]]) -> Result<Vec<usize>, ShapeError> {
        Ok(self
            .ranges(inputs[0])?
            .into_iter()
            .map(|(_, _, count)| count)
            .collect())
    }

    fn dsl(&self) -> String {
        let list = |items: Vec<String>| format!("[{}]", items.join(", "));
        let numbers = |values: &[usize]| list(values.iter().map(|v| format!("{v}")).collect());
        let mut args = Vec::new();
        let to_end = self.end.iter().all(Option::is_none);
        let unit_stride = self.stride.iter().all(|&s| s == 1);
        if self.begin.iter().any(|&b| b != 0) || (to_end && unit_stride) {
            args.push(format!("begin = {}", numbers(&self.begin)));
        }
        if !to_end {
            let ends = self
                .end
                .iter()
                .map(|e| e.map_or("_".into(), |e| format!("{e}")));
            args.push(format!("end = {}", list(ends.collect())));
        }
        if !unit_stride {
            args.push(format!("stride = {}", numbers(&self.stride)));
        }
        format!("{}({})", Self::NAME, args.join(", "))
    }

    /// An `end` at the dimension's end reads `_`.
    fn simplified(&self, input: &[usize]) -> Self {
        let mut slice = self.clone();
        for (end, &dim) in slice.end.iter_mut().zip(input) {
            if *end == Some(dim) {
                *end = None;
            }
        }
        slice
    }
}

#[cfg(test)]
mod tests {
    use alloc::string::ToString;
    use alloc::vec;

    use super::*;

    #[test]
    fn crops_and_strides() {
        let crop = Slice::new(vec![1, 0], vec![Some(13), None]);
        assert_eq!(crop.output_shape(&[&[16, 4]]), Ok(vec![12, 4]));
        assert_eq!(crop.dsl(), "slice(begin = [1, 0], end = [13, _])");
        let strided = Slice {
            begin: vec![0, 1, 0],
            end: vec![Some(7), Some(8), None],
            stride: vec![2, 3, 1],
        };
        assert_eq!(strided.output_shape(&[&[8, 8, 3]]), Ok(vec![4, 3, 3]));
        assert_eq!(
            strided.ranges(&[8, 8, 3]),
            Ok(vec![(0, 2, 4), (1, 3, 3), (0, 1, 3)])
        );
        assert_eq!(
            strided.dsl(),
            "slice(begin = [0, 1, 0], end = [7, 8, _], stride = [2, 3, 1])"
        );
    }

    #[test]
    fn reads_simplest() {
        let first = Slice::new(vec![0, 0], vec![Some(4), Some(3)]);
        assert_eq!(first.dsl(), "slice(end = [4, 3])");
        assert_eq!(first.simplified(&[4, 6]).dsl(), "slice(end = [_, 3])");
        assert_eq!(Slice::new(vec![0], vec![None]).dsl(), "slice(begin = [0])");
    }

    #[test]
    fn refuses_what_does_not_fit() {
        let text =
            |slice: Slice, input: &[usize]| slice.output_shape(&[input]).unwrap_err().to_string();
        assert_eq!(
            text(Slice::new(vec![0, 2], vec![None, Some(9)]), &[4, 8]),
            "`slice(begin = [0, 2], end = [_, 9])` does not fit its input [4, 8]: dimension 1 of size 8 has \
             no positions 2..9"
        );
        assert_eq!(
            text(Slice::new(vec![3], vec![Some(3)]), &[4]),
            "`slice(begin = [3], end = [3])` does not fit its input [4]: dimension 0 of size 4 has no \
             positions 3..3"
        );
        assert_eq!(
            text(Slice::new(vec![1], vec![None]), &[4, 8]),
            "`slice(begin = [1])` does not fit its input [4, 8]: it names 1 dimension(s), the input has 2"
        );
        let zero = Slice {
            stride: vec![0],
            ..Slice::new(vec![0], vec![None])
        };
        assert_eq!(
            text(zero, &[4]),
            "`slice(stride = [0])` does not fit its input [4]: stride 0 along dimension 0"
        );
        assert!(
            Slice::new(vec![0; 5], vec![None; 5])
                .output_shape(&[&[1; 5]])
                .is_err()
        );
    }
}
