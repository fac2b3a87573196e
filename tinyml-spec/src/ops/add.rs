//! `add(a, b)`: the element-wise sum of two tensors of the same shape
//! (TFLite's ADD without broadcasting). It starts a chain.

use alloc::string::String;
use alloc::vec::Vec;

use super::Op;
use crate::shape::ShapeError;

/// `add` has no arguments besides its operands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Add;

impl Op for Add {
    const NAME: &'static str = "add";
    const INPUTS: usize = 2;
    const FUSES_ACTIVATION: bool = true;
    const RECORD: Option<u8> = Some(6);

    fn output_shape(&self, inputs: &[&[usize]]) -> Result<Vec<usize>, ShapeError> {
        let (a, b) = (inputs[0], inputs[1]);
        if a != b {
            return Err(ShapeError::Operands {
                layer: Self::NAME,
                a: a.to_vec(),
                b: b.to_vec(),
            });
        }
        Ok(a.to_vec())
    }

    fn dsl(&self) -> String {
        Self::NAME.into()
    }
}
