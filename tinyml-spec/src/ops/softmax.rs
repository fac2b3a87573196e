//! `softmax`: TFLite's SOFTMAX (beta 1) over a vector, in place.

use alloc::string::String;
use alloc::vec::Vec;

use super::{Memory, Op};
use crate::shape::ShapeError;

/// `softmax` has no arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Softmax;

impl Op for Softmax {
    const NAME: &'static str = "softmax";
    const MEMORY: Memory = Memory::InPlace;
    const RECORD: Option<u8> = Some(7);

    fn output_shape(&self, inputs: &[&[usize]]) -> Result<Vec<usize>, ShapeError> {
        match inputs[0] {
            [n] => Ok([*n].into()),
            shape => Err(ShapeError::NotVector {
                layer: Self::NAME,
                shape: shape.to_vec(),
            }),
        }
    }

    fn dsl(&self) -> String {
        Self::NAME.into()
    }
}
