//! `avg_pool(KHxKW, stride = S, padding = same|valid)`: TFLite's AVERAGE_POOL_2D,
//! the mean of each window's values on the input (padding is not counted). The stride defaults to the pool size.

use alloc::string::String;
use alloc::vec::Vec;

use super::{Op, Pool};
use crate::shape::ShapeError;

/// The arguments of `avg_pool`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AvgPool(pub Pool);

impl Op for AvgPool {
    const NAME: &'static str = "avg_pool";
    const FUSES_ACTIVATION: bool = true;
    const RECORD: Option<u8> = Some(5);

    fn output_shape(&self, inputs: &[&[usize]]) -> Result<Vec<usize>, ShapeError> {
        self.0.output_shape(Self::NAME, inputs[0])
    }

    fn dsl(&self) -> String {
        self.0.dsl(Self::NAME)
    }

    fn simplified(&self, input: &[usize]) -> Self {
        AvgPool(self.0.simplified(input))
    }
}
