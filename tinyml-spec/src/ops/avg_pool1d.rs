//! `avg_pool1d(K, stride = S, padding = same|valid)`: Keras'
//! AveragePooling1D, which TFLite computes as an AVERAGE_POOL_2D with a
//! `1 × K` window: the mean of each window's values on the input (padding
//! is not counted). The stride defaults to the pool size.

use alloc::string::String;
use alloc::vec::Vec;

use super::{Op, Pool1d};
use crate::shape::ShapeError;

/// The arguments of `avg_pool1d`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AvgPool1d(pub Pool1d);

impl Op for AvgPool1d {
    const NAME: &'static str = "avg_pool1d";
    const FUSES_ACTIVATION: bool = true;
    const RECORD: Option<u8> = Some(23);

    fn output_shape(&self, inputs: &[&[usize]]) -> Result<Vec<usize>, ShapeError> {
        self.0.output_shape(Self::NAME, inputs[0])
    }

    fn dsl(&self) -> String {
        self.0.dsl(Self::NAME)
    }

    fn simplified(&self, input: &[usize]) -> Self {
        AvgPool1d(self.0.simplified(input))
    }
}
