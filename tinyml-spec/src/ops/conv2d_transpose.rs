//! `conv2d_transpose(filters, KHxKW, stride = S, padding = same|valid)`:
//! TFLite's TRANSPOSE_CONV, as Keras' `Conv2DTranspose` exports it (the
//! decoder half of a convolutional autoencoder). Each input pixel scatters
//! its kernel-sized patch, `stride` apart, into the output; weights
//! `[filters][KH][KW][in]` as TFLite stores them, one bias per filter.
//!
//! The output is Keras' (no `output_padding`): `in · stride` with `same`,
//! `in · stride + max(kernel − stride, 0)` with `valid`. The rows before
//! the input that the scatter drops are TFLite's padding for the forward
//! convolution of that output size: `max(kernel − stride, 0) / 2` with
//! `same`, none with `valid`.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::{Op, ParamShape, size_text, window_options};
use crate::shape::{ShapeError, image};
use crate::vocab::{Hw, Padding};

/// The arguments of `conv2d_transpose`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conv2dTranspose {
    /// Output channels.
    pub filters: usize,
    /// Kernel size.
    pub kernel: Hw,
    /// Strides.
    pub stride: Hw,
    /// Padding.
    pub padding: Padding,
}

impl Conv2dTranspose {
    /// The output size along one axis for an input of `size`, or `None` on
    /// overflow.
    fn out_size(&self, size: usize, kernel: usize, stride: usize) -> Option<usize> {
        let scaled = size.checked_mul(stride)?;
        match self.padding {
            Padding::Same => Some(scaled),
            Padding::Valid => scaled.checked_add(kernel.saturating_sub(stride)),
        }
    }

    /// The rows above and columns left of the output that the scatter
    /// drops (TFLite's `padding_values`).
    pub fn padding_before(&self) -> Hw {
        let before = |kernel: usize, stride: usize| match self.padding {
            Padding::Same => kernel.saturating_sub(stride) / 2,
            Padding::Valid => 0,
        };
        (
            before(self.kernel.0, self.stride.0),
            before(self.kernel.1, self.stride.1),
        )
    }
}

impl Op for Conv2dTranspose {
    const NAME: &'static str = "conv2d_transpose";
    const FUSES_ACTIVATION: bool = true;
    const PARAMS: Option<usize> = Some(0);
    const RECORD: Option<u8> = Some(51);

    fn output_shape(&self, inputs: &[&[usize]]) -> Result<Vec<usize>, ShapeError> {
        let [h, w, _] = image(Self::NAME, inputs[0])?;
        let overflow = |what: &str| ShapeError::Overflow {
            what: format!("the output {what} of `{}`", self.dsl()),
        };
        let oh = self
            .out_size(h, self.kernel.0, self.stride.0)
            .ok_or_else(|| overflow("height"))?;
        let ow = self
            .out_size(w, self.kernel.1, self.stride.1)
            .ok_or_else(|| overflow("width"))?;
        Ok(vec![oh, ow, self.filters])
    }

    fn params(&self, input: &[usize]) -> Option<ParamShape> {
        let channels = *input.last()?;
        Some(ParamShape {
            weights: vec![self.filters, self.kernel.0, self.kernel.1, channels],
            bias: self.filters,
        })
    }

    /// Every input value times every weight of its channel: the scatter's
    /// products, those that fall outside the output included.
    fn macs(&self, input: &[usize], _output: &[usize]) -> Option<usize> {
        crate::shape::elements(input)?
            .checked_mul(self.kernel.0)?
            .checked_mul(self.kernel.1)?
            .checked_mul(self.filters)
    }

    fn dsl(&self) -> String {
        format!(
            "conv2d_transpose({}, {}{})",
            self.filters,
            size_text(self.kernel),
            window_options(self.stride, (1, 1), self.padding)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn layer(kernel: Hw, stride: usize, padding: Padding) -> Conv2dTranspose {
        Conv2dTranspose {
            filters: 8,
            kernel,
            stride: (stride, stride),
            padding,
        }
    }

    #[test]
    fn output_as_keras_computes_it() {
        let same = layer((3, 3), 2, Padding::Same);
        assert_eq!(same.output_shape(&[&[4, 4, 8]]).unwrap(), [8, 8, 8]);
        assert_eq!(same.padding_before(), (0, 0));
        let valid = layer((3, 3), 2, Padding::Valid);
        assert_eq!(valid.output_shape(&[&[4, 4, 8]]).unwrap(), [9, 9, 8]);
        // A kernel narrower than the stride leaves gaps, adding nothing.
        let gaps = layer((1, 1), 2, Padding::Valid);
        assert_eq!(gaps.output_shape(&[&[4, 4, 8]]).unwrap(), [8, 8, 8]);
        // Stride 1, same: a 5x5 kernel drops 2 rows before the input.
        let wide = layer((5, 4), 1, Padding::Same);
        assert_eq!(wide.padding_before(), (2, 1));
        assert_eq!(wide.output_shape(&[&[3, 3, 2]]).unwrap(), [3, 3, 8]);
    }

    #[test]
    fn params_macs_and_text() {
        let same = layer((3, 3), 2, Padding::Same);
        let shape = same.params(&[4, 4, 2]).unwrap();
        assert_eq!(shape.weights, [8, 3, 3, 2]);
        assert_eq!(same.macs(&[4, 4, 2], &[8, 8, 8]), Some(4 * 4 * 2 * 9 * 8));
        assert_eq!(
            same.dsl(),
            "conv2d_transpose(8, 3x3, stride = 2, padding = same)"
        );
        assert_eq!(
            same.output_shape(&[&[8]]).unwrap_err().to_string(),
            "`conv2d_transpose` needs a [height, width, channels] input, but its input here has shape [8]"
        );
    }
}
