//! `hard_swish`: `x · relu6(x + 3) / 6` element-wise (TFLite's HARD_SWISH,
//! MobileNetV3's activation), in place. An `i8` hard swish requantizes, so
//! it keeps a record.

use alloc::string::String;
use alloc::vec::Vec;

use super::{Memory, Op, element_wise};
use crate::shape::ShapeError;

/// `hard_swish` has no arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HardSwish;

impl Op for HardSwish {
    const NAME: &'static str = "hard_swish";
    const MEMORY: Memory = Memory::InPlace;
    const RECORD: Option<u8> = Some(13);

    fn output_shape(&self, inputs: &[&[usize]]) -> Result<Vec<usize>, ShapeError> {
        Ok(element_wise(inputs))
    }

    fn dsl(&self) -> String {
        Self::NAME.into()
    }
}
