//! Quantized `MEAN` over height and width (TFLM's `QuantizedMeanOrSum` for
//! `int8`, the path Keras' `GlobalAveragePooling2D` takes).
//!
//! Per channel, the raw inputs are summed in `i32`, the input zero point
//! times the count is subtracted, and the sum is requantized with one
//! multiplier that already holds both `input_scale / output_scale` and
//! `1 / count` ([`prepare::mean`](super::prepare::mean) folds them exactly
//! as TFLM does), then offset by the output zero point and clamped to `i8`.
//! Unlike a pool, a mean may change the quantization.

use super::quant::multiply_by_quantized_multiplier;

/// The parameters of a mean, prepared by [`prepare::mean`](super::prepare::mean).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MeanQuant {
    /// `input_zero_point · count`: subtracted from each channel's sum.
    pub zero_point_sum: i32,
    /// The multiplier of `input_scale / (output_scale · count)`.
    pub multiplier: i32,
    /// Its power-of-two shift.
    pub shift: i32,
    /// The output zero point.
    pub output_zero_point: i32,
}

/// `MEAN` over the `H × W` plane of an `[H, W, C]` input: `C` outputs.
pub fn mean<const H: usize, const W: usize, const C: usize, const IN: usize>(
    input: &[i8; IN],
    output: &mut [i8; C],
    quant: MeanQuant,
) {
    const {
        assert!(C > 0, "mean: C must be positive");
        assert!(IN == H * W * C, "mean: IN must be H * W * C");
        // An `i32` sum of `i8` values cannot overflow below 2^24 terms.
        assert!(H * W > 0 && H * W < 1 << 24, "mean: plane too large");
    }
    let mut sums = [0i32; C];
    for pixel in input.chunks_exact(C) {
        for (sum, &x) in sums.iter_mut().zip(pixel) {
            *sum += i32::from(x);
        }
    }
    for (out, &sum) in output.iter_mut().zip(&sums) {
        let scaled = multiply_by_quantized_multiplier(
            sum.wrapping_sub(quant.zero_point_sum),
            quant.multiplier,
            quant.shift,
        );
        *out = super::clamp_i8(
            scaled.wrapping_add(quant.output_zero_point),
            (i8::MIN, i8::MAX),
        );
    }
}
