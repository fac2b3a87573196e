//! `global_avg_pool`: the mean of each channel over the whole
//! `[height, width]` plane (or all steps of a `[steps, channels]`
//! sequence, a one-row plane), as an AVERAGE_POOL_2D whose window is the
//! input. Keeps the input's quantization.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::Op;
use crate::shape::ShapeError;

/// `global_avg_pool` has no arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GlobalAvgPool;

/// `[h, w, c]` or `[steps, c]` → `[c]`: the shape rule of the layers that
/// average over height and width, or over the steps.
pub(crate) fn over_plane(name: &'static str, input: &[usize]) -> Result<Vec<usize>, ShapeError> {
    match *input {
        [_, _, c] | [_, c] => Ok(vec![c]),
        _ => Err(ShapeError::NotImageOrSequence {
            layer: name,
            shape: input.to_vec(),
        }),
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn over_a_plane_or_the_steps() {
        assert_eq!(GlobalAvgPool.output_shape(&[&[4, 4, 6]]).unwrap(), [6]);
        assert_eq!(GlobalAvgPool.output_shape(&[&[30, 8]]).unwrap(), [8]);
        assert_eq!(
            GlobalAvgPool.output_shape(&[&[8]]).unwrap_err().to_string(),
            "`global_avg_pool` needs a [height, width, channels] or [steps, channels] input, but its input here has \
             shape [8]"
        );
    }
}
