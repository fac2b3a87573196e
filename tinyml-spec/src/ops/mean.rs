//! `mean`: the mean of each channel over height and width, as Keras'
//! `GlobalAveragePooling2D` exports to TFLite (MEAN over axes 1 and 2), or
//! over the steps of a `[steps, channels]` input (`GlobalAveragePooling1D`,
//! MEAN over axis 1).
//! Same shape rule as [`global_avg_pool`](super::global_avg_pool); unlike
//! it, an `i8` mean may change the quantization (TFLM requantizes).

use alloc::string::String;
use alloc::vec::Vec;

use super::Op;
use super::global_avg_pool::over_plane;
use crate::shape::ShapeError;

/// `mean` has no arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mean;

impl Op for Mean {
    const NAME: &'static str = "mean";
    const RECORD: Option<u8> = Some(9);

    fn output_shape(&self, inputs: &[&[usize]]) -> Result<Vec<usize>, ShapeError> {
        over_plane(Self::NAME, inputs[0])
    }

    fn dsl(&self) -> String {
        Self::NAME.into()
    }
}
