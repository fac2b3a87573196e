//! `relu`: `max(x, 0)` element-wise, in place. After a layer that fuses
//! activations it becomes that layer's clamp.

use alloc::string::String;
use alloc::vec::Vec;

use super::{Memory, Op};
use crate::shape::ShapeError;
use crate::vocab::Activation;

/// `relu` has no arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Relu;

impl Op for Relu {
    const NAME: &'static str = "relu";
    const MEMORY: Memory = Memory::InPlace;
    const RECORD: Option<u8> = None;
    const ACTIVATION: Option<Activation> = Some(Activation::Relu);

    fn output_shape(&self, inputs: &[&[usize]]) -> Result<Vec<usize>, ShapeError> {
        Ok(inputs[0].to_vec())
    }

    fn dsl(&self) -> String {
        Self::NAME.into()
    }
}
