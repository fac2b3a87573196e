//! `dense(units)`: TFLite's FULLY_CONNECTED on the flattened input.
//! Weights `[units][inputs]`, one bias per unit.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::{Op, ParamShape};
use crate::shape::{ShapeError, checked_elements, elements};

/// The arguments of `dense`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dense {
    /// Output size.
    pub units: usize,
}

impl Op for Dense {
    const NAME: &'static str = "dense";
    const FUSES_ACTIVATION: bool = true;
    const PARAMS: Option<usize> = Some(0);
    const RECORD: Option<u8> = Some(3);

    fn output_shape(&self, inputs: &[&[usize]]) -> Result<Vec<usize>, ShapeError> {
        checked_elements(inputs[0])?;
        Ok(vec![self.units])
    }

    fn params(&self, input: &[usize]) -> Option<ParamShape> {
        Some(ParamShape {
            weights: vec![self.units, elements(input)?],
            bias: self.units,
        })
    }

    fn macs(&self, input: &[usize], _output: &[usize]) -> Option<usize> {
        elements(input)?.checked_mul(self.units)
    }

    fn dsl(&self) -> String {
        format!("dense({})", self.units)
    }
}
