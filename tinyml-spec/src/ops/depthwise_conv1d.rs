//! `depthwise_conv1d(K, multiplier = M, stride = S, padding = …)`: Keras'
//! DepthwiseConv1D (and the first half of SeparableConv1D), which TFLite
//! computes as a DEPTHWISE_CONV_2D with a `1 × K` kernel on the sequence as
//! a one-row image. Weights `[1][K][in · M]` (TFLite's layout without the
//! height of 1), one bias per output channel.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::{Memory, Op, ParamShape, simplest_steps_padding, steps_options};
use crate::shape::ShapeError;
use crate::vocab::Padding;
use crate::window::Window;

/// The arguments of `depthwise_conv1d`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DepthwiseConv1d {
    /// Kernel length, in steps.
    pub kernel: usize,
    /// Output channels per input channel.
    pub multiplier: usize,
    /// Stride, in steps.
    pub stride: usize,
    /// Padding.
    pub padding: Padding,
}

impl DepthwiseConv1d {
    /// Its window over a `[steps, c]` input, as a one-row image.
    pub fn window(&self, input: &[usize]) -> Result<Window, ShapeError> {
        Window::along_steps(
            Self::NAME,
            "kernel",
            input,
            self.kernel,
            self.stride,
            self.padding,
        )
    }

    fn channels(&self, input: &[usize]) -> Option<usize> {
        input.last()?.checked_mul(self.multiplier)
    }
}

impl Op for DepthwiseConv1d {
    const NAME: &'static str = "depthwise_conv1d";
    const FUSES_ACTIVATION: bool = true;
    const PARAMS: Option<usize> = Some(2);
    const RECORD: Option<u8> = Some(21);

    fn output_shape(&self, inputs: &[&[usize]]) -> Result<Vec<usize>, ShapeError> {
        let w = self.window(inputs[0])?;
        let channels = self
            .channels(inputs[0])
            .ok_or_else(|| ShapeError::Overflow {
                what: format!("{} · multiplier {}", w.in_c, self.multiplier),
            })?;
        Ok(vec![w.out_w, channels])
    }

    fn memory(&self, input: &[usize], int8: bool) -> Memory {
        super::depthwise_conv2d::memory(self.window(input), self.multiplier, int8)
    }

    fn params(&self, input: &[usize]) -> Option<ParamShape> {
        let channels = self.channels(input)?;
        Some(ParamShape {
            weights: vec![1, self.kernel, channels],
            bias: channels,
        })
    }

    fn macs(&self, _input: &[usize], output: &[usize]) -> Option<usize> {
        crate::shape::elements(output)?.checked_mul(self.kernel)
    }

    fn dsl(&self) -> String {
        let multiplier = if self.multiplier == 1 {
            String::new()
        } else {
            format!(", multiplier = {}", self.multiplier)
        };
        format!(
            "depthwise_conv1d({}{multiplier}{})",
            self.kernel,
            steps_options(self.stride, 1, self.padding)
        )
    }

    fn simplified(&self, input: &[usize]) -> Self {
        let padding = simplest_steps_padding(input, self.kernel, self.stride, self.padding);
        DepthwiseConv1d { padding, ..*self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multiplies_the_channels() {
        let d = DepthwiseConv1d {
            kernel: 3,
            multiplier: 2,
            stride: 1,
            padding: Padding::Valid,
        };
        let out = d.output_shape(&[&[24, 4]]).unwrap();
        assert_eq!(out, [22, 8]);
        assert_eq!(d.params(&[24, 4]).unwrap().weights, [1, 3, 8]);
        assert_eq!(d.params(&[24, 4]).unwrap().bias, 8);
        assert_eq!(d.macs(&[24, 4], &out), Some(22 * 8 * 3));
        assert_eq!(d.dsl(), "depthwise_conv1d(3, multiplier = 2)");
        let d = DepthwiseConv1d {
            stride: 2,
            padding: Padding::Same,
            ..d
        };
        assert_eq!(d.output_shape(&[&[5, 4]]).unwrap(), [3, 8]);
        assert_eq!(
            d.dsl(),
            "depthwise_conv1d(3, multiplier = 2, stride = 2, padding = same)"
        );
    }
}
