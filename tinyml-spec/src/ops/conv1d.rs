//! `conv1d(filters, K, stride = S, padding = same|valid)`: Keras' Conv1D,
//! which TFLite computes as a CONV_2D with a `1 × K` kernel on the
//! sequence as a one-row image. Weights `[filters][K][in]` (TFLite's OHWI
//! without the height of 1), one bias per filter.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::{Memory, Op, ParamShape, simplest_steps_padding, steps_options};
use crate::shape::ShapeError;
use crate::vocab::Padding;
use crate::window::Window;

/// The arguments of `conv1d`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conv1d {
    /// Output channels.
    pub filters: usize,
    /// Kernel length, in steps.
    pub kernel: usize,
    /// Stride, in steps.
    pub stride: usize,
    /// Padding.
    pub padding: Padding,
}

impl Conv1d {
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
}

impl Op for Conv1d {
    const NAME: &'static str = "conv1d";
    const FUSES_ACTIVATION: bool = true;
    const PARAMS: Option<usize> = Some(0);
    const RECORD: Option<u8> = Some(20);

    fn output_shape(&self, inputs: &[&[usize]]) -> Result<Vec<usize>, ShapeError> {
        let w = self.window(inputs[0])?;
        Ok(vec![w.out_w, self.filters])
    }

    fn memory(&self, input: &[usize], int8: bool) -> Memory {
        super::conv2d::memory(self.window(input), self.filters, int8)
    }

    fn params(&self, input: &[usize]) -> Option<ParamShape> {
        let channels = *input.last()?;
        Some(ParamShape {
            weights: vec![self.filters, self.kernel, channels],
            bias: self.filters,
        })
    }

    fn macs(&self, input: &[usize], output: &[usize]) -> Option<usize> {
        let per_output = self.kernel.checked_mul(*input.last()?)?;
        crate::shape::elements(output)?.checked_mul(per_output)
    }

    fn dsl(&self) -> String {
        format!(
            "conv1d({}, {}{})",
            self.filters,
            self.kernel,
            steps_options(self.stride, 1, self.padding)
        )
    }

    fn simplified(&self, input: &[usize]) -> Self {
        let padding = simplest_steps_padding(input, self.kernel, self.stride, self.padding);
        Conv1d { padding, ..*self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn conv(filters: usize, kernel: usize, stride: usize, padding: Padding) -> Conv1d {
        Conv1d {
            filters,
            kernel,
            stride,
            padding,
        }
    }

    #[test]
    fn shape_params_and_macs() {
        // Keras: Input((64, 3)) → Conv1D(8, 5): 60 steps of 8.
        let c = conv(8, 5, 1, Padding::Valid);
        let out = c.output_shape(&[&[64, 3]]).unwrap();
        assert_eq!(out, [60, 8]);
        assert_eq!(c.params(&[64, 3]).unwrap().weights, [8, 5, 3]);
        assert_eq!(c.macs(&[64, 3], &out), Some(60 * 8 * 5 * 3));
        // same, stride 2: ceil(30 / 2) = 15.
        let c = conv(8, 3, 2, Padding::Same);
        assert_eq!(c.output_shape(&[&[30, 8]]).unwrap(), [15, 8]);
    }

    #[test]
    fn text_and_simplest_padding() {
        assert_eq!(conv(8, 5, 1, Padding::Valid).dsl(), "conv1d(8, 5)");
        let c = conv(8, 3, 2, Padding::Same);
        assert_eq!(c.dsl(), "conv1d(8, 3, stride = 2, padding = same)");
        assert_eq!(c.simplified(&[30, 8]).padding, Padding::Same);
        // A 1-tap kernel pads nothing.
        let c = conv(4, 1, 1, Padding::Same);
        assert_eq!(c.simplified(&[30, 8]).dsl(), "conv1d(4, 1)");
    }

    #[test]
    fn needs_a_sequence() {
        let c = conv(8, 5, 1, Padding::Valid);
        assert_eq!(
            c.output_shape(&[&[8, 8, 3]]).unwrap_err().to_string(),
            "`conv1d` needs a [steps, channels] input, but its input here has shape [8, 8, 3]"
        );
        let e = c.output_shape(&[&[4, 3]]).unwrap_err();
        assert!(e.blames_kernel());
    }
}
