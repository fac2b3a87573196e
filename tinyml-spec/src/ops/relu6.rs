//! `relu6`: `min(max(x, 0), 6)` element-wise, in place. After a layer that fuses
//! activations it becomes that layer's clamp.

use alloc::string::String;
use alloc::vec::Vec;

use super::{Memory, Op};
use crate::shape::ShapeError;
use crate::vocab::Activation;

/// `relu6` has no arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Relu6;

impl Op for Relu6 {
    const NAME: &'static str = "relu6";
    const MEMORY: Memory = Memory::InPlace;
    const RECORD: Option<u8> = None;
    const ACTIVATION: Option<Activation> = Some(Activation::Relu6);

    fn output_shape(&self, inputs: &[&[usize]]) -> Result<Vec<usize>, ShapeError> {
        Ok(inputs[0].to_vec())
    }

    fn dsl(&self) -> String {
        Self::NAME.into()
    }
}
