//! `flatten`: the input as a vector, over the same memory.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::{Memory, Op};
use crate::shape::{ShapeError, checked_elements};

/// `flatten` has no arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flatten;

impl Op for Flatten {
    const NAME: &'static str = "flatten";
    const MEMORY: Memory = Memory::Alias;
    const RECORD: Option<u8> = None;

    fn output_shape(&self, inputs: &[&[usize]]) -> Result<Vec<usize>, ShapeError> {
        Ok(vec![checked_elements(inputs[0])?])
    }

    fn dsl(&self) -> String {
        Self::NAME.into()
    }
}
