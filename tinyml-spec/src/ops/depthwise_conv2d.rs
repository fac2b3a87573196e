//! `depthwise_conv2d(KHxKW, multiplier = M, stride = S, padding = …)`:
//! TFLite's DEPTHWISE_CONV_2D. Weights `[1][KH][KW][in · M]`, one bias per
//! output channel.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::{Memory, Op, ParamShape, simplest_padding, size_text, window_options};
use crate::shape::ShapeError;
use crate::vocab::{Hw, Padding};
use crate::window::Window;

/// The arguments of `depthwise_conv2d`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DepthwiseConv2d {
    /// Kernel size.
    pub kernel: Hw,
    /// Output channels per input channel.
    pub multiplier: usize,
    /// Strides.
    pub stride: Hw,
    /// Padding.
    pub padding: Padding,
}

impl DepthwiseConv2d {
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

    fn channels(&self, input: &[usize]) -> Option<usize> {
        input.last()?.checked_mul(self.multiplier)
    }
}

/// The memory of an `i8` depthwise convolution (also `depthwise_conv1d`'s,
/// on a one-row image): in place where its kernel packs each channel's
/// plane whole before it writes the channel's outputs (multiplier 1, small
/// planes).
pub(super) fn memory(window: Result<Window, ShapeError>, multiplier: usize, int8: bool) -> Memory {
    let in_place = |w: Window| {
        tinyml_kernels::int8::conv::depthwise_in_place(
            [w.in_h, w.in_w],
            [w.out_h, w.out_w],
            multiplier,
            [w.kernel_h, w.kernel_w],
            [w.stride_h, w.stride_w],
        )
    };
    if int8 && window.is_ok_and(in_place) {
        Memory::InPlace
    } else {
        Memory::Fresh
    }
}

impl Op for DepthwiseConv2d {
    const NAME: &'static str = "depthwise_conv2d";
    const FUSES_ACTIVATION: bool = true;
    const PARAMS: Option<usize> = Some(3);
    const RECORD: Option<u8> = Some(2);

    fn output_shape(&self, inputs: &[&[usize]]) -> Result<Vec<usize>, ShapeError> {
        let w = self.window(inputs[0])?;
        let channels = self
            .channels(inputs[0])
            .ok_or_else(|| ShapeError::Overflow {
                what: format!("{} · multiplier {}", w.in_c, self.multiplier),
            })?;
        Ok(vec![w.out_h, w.out_w, channels])
    }

    fn memory(&self, input: &[usize], int8: bool) -> Memory {
        memory(self.window(input), self.multiplier, int8)
    }

    fn params(&self, input: &[usize]) -> Option<ParamShape> {
        let channels = self.channels(input)?;
        Some(ParamShape {
            weights: vec![1, self.kernel.0, self.kernel.1, channels],
            bias: channels,
        })
    }

    fn macs(&self, _input: &[usize], output: &[usize]) -> Option<usize> {
        crate::shape::elements(output)?.checked_mul(self.kernel.0.checked_mul(self.kernel.1)?)
    }

    fn dsl(&self) -> String {
        let multiplier = if self.multiplier == 1 {
            String::new()
        } else {
            format!(", multiplier = {}", self.multiplier)
        };
        format!(
            "depthwise_conv2d({}{multiplier}{})",
            size_text(self.kernel),
            window_options(self.stride, (1, 1), self.padding)
        )
    }

    fn simplified(&self, input: &[usize]) -> Self {
        let padding = simplest_padding(input, self.kernel, self.stride, self.padding);
        DepthwiseConv2d { padding, ..*self }
    }
}
