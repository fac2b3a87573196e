//! `max_pool1d(K, stride = S, padding = same|valid)`: Keras' MaxPooling1D,
//! which TFLite computes as a MAX_POOL_2D with a `1 × K` window. The stride
//! defaults to the pool size.

use alloc::string::String;
use alloc::vec::Vec;

use super::{Op, Pool1d};
use crate::shape::ShapeError;

/// The arguments of `max_pool1d`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MaxPool1d(pub Pool1d);

impl Op for MaxPool1d {
    const NAME: &'static str = "max_pool1d";
    const FUSES_ACTIVATION: bool = true;
    const RECORD: Option<u8> = Some(22);

    fn output_shape(&self, inputs: &[&[usize]]) -> Result<Vec<usize>, ShapeError> {
        self.0.output_shape(Self::NAME, inputs[0])
    }

    fn dsl(&self) -> String {
        self.0.dsl(Self::NAME)
    }

    fn simplified(&self, input: &[usize]) -> Self {
        MaxPool1d(self.0.simplified(input))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Padding;

    #[test]
    fn stride_defaults_to_the_pool() {
        let p = |kernel, stride, padding| {
            MaxPool1d(Pool1d {
                kernel,
                stride,
                padding,
            })
        };
        assert_eq!(
            p(2, 2, Padding::Valid).output_shape(&[&[60, 8]]).unwrap(),
            [30, 8]
        );
        assert_eq!(p(2, 2, Padding::Valid).dsl(), "max_pool1d(2)");
        // 11 steps, 3 wide, stride 2, same: 6 outputs.
        let same = p(3, 2, Padding::Same);
        assert_eq!(same.output_shape(&[&[11, 4]]).unwrap(), [6, 4]);
        assert_eq!(same.dsl(), "max_pool1d(3, stride = 2, padding = same)");
        // A window that tiles the input exactly pads nothing.
        assert_eq!(
            p(2, 2, Padding::Same).simplified(&[8, 1]).dsl(),
            "max_pool1d(2)"
        );
    }
}
