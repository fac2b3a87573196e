//! `sigmoid`: `1 / (1 + e^−x)` element-wise (TFLite's LOGISTIC), in place.
//! An `i8` sigmoid outputs TFLM's fixed quantization (scale 1/256, zero
//! point −128), so it keeps a record of it.

use alloc::string::String;
use alloc::vec::Vec;

use super::{Memory, Op, element_wise};
use crate::shape::ShapeError;

/// `sigmoid` has no arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sigmoid;

impl Op for Sigmoid {
    const NAME: &'static str = "sigmoid";
    const MEMORY: Memory = Memory::InPlace;
    const RECORD: Option<u8> = Some(10);

    fn output_shape(&self, inputs: &[&[usize]]) -> Result<Vec<usize>, ShapeError> {
        Ok(element_wise(inputs))
    }

    fn dsl(&self) -> String {
        Self::NAME.into()
    }
}
