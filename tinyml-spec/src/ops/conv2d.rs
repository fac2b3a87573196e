//! `conv2d(filters, KHxKW, stride = S, padding = same|valid)`: TFLite's
//! CONV_2D. Weights `[filters][KH][KW][in]`, one bias per filter.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::{Memory, Op, ParamShape, simplest_padding, size_text, window_options};
use crate::shape::ShapeError;
use crate::vocab::{Hw, Padding};
use crate::window::Window;

/// The arguments of `conv2d`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conv2d {
    /// Output channels.
    pub filters: usize,
    /// Kernel size.
    pub kernel: Hw,
    /// Strides.
    pub stride: Hw,
    /// Padding.
    pub padding: Padding,
}

impl Conv2d {
    /// Its window over an `[h, w, c]` input.
    pub fn window(&self, input: &[usize]) -> Result<Window, ShapeError> {
        Window::new(
            Self::NAME,
            "kernel",
            input,
            self.kernel,
            self.stride,
            self.padding,
        )
    }
}

/// The memory of an `i8` convolution (also `conv1d`'s, on a one-row image):
/// in place where its kernel computes a pointwise convolution pixel by
/// pixel into its input (1x1, stride 1, no padding, no more filters than
/// input channels).
pub(super) fn memory(window: Result<Window, ShapeError>, filters: usize, int8: bool) -> Memory {
    let in_place = |w: Window| {
        tinyml_kernels::int8::conv::conv2d_in_place(
            w.in_c,
            filters,
            [w.kernel_h, w.kernel_w],
            [w.stride_h, w.stride_w],
            [w.pad_top, w.pad_left],
        )
    };
    if int8 && window.is_ok_and(in_place) {
        Memory::InPlace
    } else {
        Memory::Fresh
    }
}

impl Op for Conv2d {
    const NAME: &'static str = "conv2d";
    const FUSES_ACTIVATION: bool = true;
    const PARAMS: Option<usize> = Some(0);
    const RECORD: Option<u8> = Some(1);

    fn output_shape(&self, inputs: &[&[usize]]) -> Result<Vec<usize>, ShapeError> {
        let w = self.window(inputs[0])?;
        Ok(vec![w.out_h, w.out_w, self.filters])
    }

    fn memory(&self, input: &[usize], int8: bool) -> Memory {
        memory(self.window(input), self.filters, int8)
    }

    fn params(&self, input: &[usize]) -> Option<ParamShape> {
        let channels = *input.last()?;
        Some(ParamShape {
            weights: vec![self.filters, self.kernel.0, self.kernel.1, channels],
            bias: self.filters,
        })
    }

    fn macs(&self, input: &[usize], output: &[usize]) -> Option<usize> {
        let per_output = self
            .kernel
            .0
            .checked_mul(self.kernel.1)?
            .checked_mul(*input.last()?)?;
        crate::shape::elements(output)?.checked_mul(per_output)
    }

    fn dsl(&self) -> String {
        format!(
            "conv2d({}, {}{})",
            self.filters,
            size_text(self.kernel),
            window_options(self.stride, (1, 1), self.padding)
        )
    }

    fn simplified(&self, input: &[usize]) -> Self {
        let padding = simplest_padding(input, self.kernel, self.stride, self.padding);
        Conv2d { padding, ..*self }
    }
}
