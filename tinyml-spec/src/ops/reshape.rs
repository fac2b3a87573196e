//! `reshape[d0, d1, …]`: the input with a new shape of as many elements,
//! over the same memory.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::{Memory, Op};
use crate::shape::{ShapeError, checked_elements, shape_text};

/// The arguments of `reshape`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reshape {
    /// The new shape.
    pub shape: Vec<usize>,
}

impl Op for Reshape {
    const NAME: &'static str = "reshape";
    const MEMORY: Memory = Memory::Alias;
    const RECORD: Option<u8> = None;

    fn output_shape(&self, inputs: &[&[usize]]) -> Result<Vec<usize>, ShapeError> {
        let (have, want) = (checked_elements(inputs[0])?, checked_elements(&self.shape)?);
        if have != want {
            return Err(ShapeError::ElementCount {
                text: self.dsl(),
                want,
                input: inputs[0].to_vec(),
                have,
            });
        }
        Ok(self.shape.clone())
    }

    fn dsl(&self) -> String {
        format!("reshape{}", shape_text(&self.shape))
    }
}
