//! `tanh`: the hyperbolic tangent element-wise (TFLite's TANH), in place.
//! An `i8` tanh outputs TFLM's fixed quantization (scale 1/128, zero point
//! 0), so it keeps a record of it.

use alloc::string::String;
use alloc::vec::Vec;

use super::{Memory, Op, element_wise};
use crate::shape::ShapeError;

/// `tanh` has no arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tanh;

impl Op for Tanh {
    const NAME: &'static str = "tanh";
    const MEMORY: Memory = Memory::InPlace;
    const RECORD: Option<u8> = Some(11);

    fn output_shape(&self, inputs: &[&[usize]]) -> Result<Vec<usize>, ShapeError> {
        Ok(element_wise(inputs))
    }

    fn dsl(&self) -> String {
        Self::NAME.into()
    }
}
