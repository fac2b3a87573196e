//! `max_pool(KHxKW, stride = S, padding = same|valid)`: TFLite's MAX_POOL_2D,
//! the largest value of each window. The stride defaults to the pool size.

use alloc::string::String;
use alloc::vec::Vec;

use super::{Op, Pool};
use crate::shape::ShapeError;

/// The arguments of `max_pool`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MaxPool(pub Pool);

impl Op for MaxPool {
    const NAME: &'static str = "max_pool";
    const FUSES_ACTIVATION: bool = true;
    const RECORD: Option<u8> = Some(4);

    fn output_shape(&self, inputs: &[&[usize]]) -> Result<Vec<usize>, ShapeError> {
        self.0.output_shape(Self::NAME, inputs[0])
    }

    fn dsl(&self) -> String {
        self.0.dsl(Self::NAME)
    }

    fn simplified(&self, input: &[usize]) -> Self {
        MaxPool(self.0.simplified(input))
    }
}
