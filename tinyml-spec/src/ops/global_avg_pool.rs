//! `global_avg_pool`: the mean of each channel over the whole
//! `[height, width]` plane, as an AVERAGE_POOL_2D whose window is the
//! input. Keeps the input's quantization.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::Op;
use crate::shape::{ShapeError, image};

/// `global_avg_pool` has no arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GlobalAvgPool;

/// `[h, w, c]` → `[c]`: the shape rule of the layers that average over
/// height and width.
pub(crate) fn over_plane(name: &'static str, input: &[usize]) -> Result<Vec<usize>, ShapeError> {
    let [_, _, c] = image(name, input)?;
    Ok(vec![c])
}

impl Op for GlobalAvgPool {
    const NAME: &'static str = "global_avg_pool";
    const RECORD: Option<u8> = Some(8);

    fn output_shape(&self, inputs: &[&[usize]]) -> Result<Vec<usize>, ShapeError> {
        over_plane(Self::NAME, inputs[0])
    }

    fn dsl(&self) -> String {
        Self::NAME.into()
    }
}
