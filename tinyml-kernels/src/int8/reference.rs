//! Runtime-shaped transcriptions of TFLM's `int8` reference kernels, for
//! tests: shapes are runtime NHWC dimensions, zero points are applied to
//! every input as TFLM does (nothing folded), and padded taps are skipped.
//!
//! The const-generic kernels are tested against these (and these against
//! recorded TensorFlow Lite outputs). Not part of the stable API.

use super::add::AddQuant;
use super::pooling::rounded_mean;
use super::quant::{
    multiply_by_quantized_multiplier as mbqm,
    multiply_by_quantized_multiplier_smaller_than_one as mbqm_smaller_than_one,
};
use super::softmax::{SoftmaxQuant, softmax_row};

/// TFLM's `ComputePaddingHeightWidth` along one axis: `(output size,
/// padding before)` for `same` (`true`) or `valid` padding.
pub fn compute_padding(
    same: bool,
    stride: usize,
    dilation: usize,
    input: usize,
    filter: usize,
) -> (usize, usize) {
    let effective_filter = (filter - 1) * dilation + 1;
    let out = if same {
        input.div_ceil(stride)
    } else {
        (input + stride).saturating_sub(effective_filter) / stride
    };
    let total = ((out.max(1) - 1) * stride + effective_filter).saturating_sub(input);
    (out, total / 2)
}

/// Geometry, offsets and clamp of a convolution (TFLM's `ConvParams` /
/// `DepthwiseParams`).
#[derive(Clone, Copy, Debug)]
pub struct ConvParams {
    /// Vertical stride.
    pub stride_h: usize,
    /// Horizontal stride.
    pub stride_w: usize,
    /// Vertical dilation.
    pub dilation_h: usize,
    /// Horizontal dilation.
    pub dilation_w: usize,
    /// Padding rows above the input.
    pub pad_h: usize,
    /// Padding columns left of the input.
    pub pad_w: usize,
    /// `−input_zero_point`.
    pub input_offset: i32,
    /// `output_zero_point`.
    pub output_offset: i32,
    /// Lower clamp.
    pub act_min: i32,
    /// Upper clamp.
    pub act_max: i32,
    /// Depth multiplier (depthwise only).
    pub depth_multiplier: usize,
}

/// The input position of a tap, or `None` on padding.
fn tap(
    o: usize,
    stride: usize,
    pad: usize,
    dilation: usize,
    k: usize,
    size: usize,
) -> Option<usize> {
    (o * stride + dilation * k)
        .checked_sub(pad)
        .filter(|&i| i < size)
}

/// `clamp(output_offset + mbqm(acc))` as TFLM's kernels end.
fn finish(acc: i32, multiplier: i32, shift: i32, offset: i32, min: i32, max: i32) -> i8 {
    (mbqm(acc, multiplier, shift).wrapping_add(offset))
        .max(min)
        .min(max) as i8
}

/// TFLM's `reference_integer_ops::ConvPerChannel` (no groups): `input`
/// `[N][H][W][C]`, `filter` `[OC][KH][KW][C]`, `output` `[N][OH][OW][OC]`.
#[allow(clippy::too_many_arguments)]
pub fn conv_per_channel(
    p: &ConvParams,
    multipliers: &[i32],
    shifts: &[i32],
    input: &[i8],
    input_shape: [usize; 4],
    filter: &[i8],
    filter_shape: [usize; 4],
    bias: Option<&[i32]>,
    output: &mut [i8],
    output_shape: [usize; 4],
) {
    let [batches, ih, iw, ic] = input_shape;
    let [oc_count, kh, kw, _] = filter_shape;
    let [_, oh, ow, _] = output_shape;
    for b in 0..batches {
        for oy in 0..oh {
            for ox in 0..ow {
                for oc in 0..oc_count {
                    let mut acc = 0i32;
                    for ky in 0..kh {
                        let Some(iy) = tap(oy, p.stride_h, p.pad_h, p.dilation_h, ky, ih) else {
                            continue;
                        };
                        for kx in 0..kw {
                            let Some(ix) = tap(ox, p.stride_w, p.pad_w, p.dilation_w, kx, iw)
                            else {
                                continue;
                            };
                            for c in 0..ic {
                                let x = i32::from(input[((b * ih + iy) * iw + ix) * ic + c]);
                                let w = i32::from(filter[((oc * kh + ky) * kw + kx) * ic + c]);
                                acc = acc.wrapping_add(w * (x + p.input_offset));
                            }
                        }
                    }
                    if let Some(bias) = bias {
                        acc = acc.wrapping_add(bias[oc]);
                    }
                    output[((b * oh + oy) * ow + ox) * oc_count + oc] = finish(
                        acc,
                        multipliers[oc],
                        shifts[oc],
                        p.output_offset,
                        p.act_min,
                        p.act_max,
                    );
                }
            }
        }
    }
}

/// TFLM's `reference_integer_ops::DepthwiseConvPerChannel`: `input`
/// `[N][H][W][C]`, `filter` `[1][KH][KW][C·M]`, `output`
/// `[N][OH][OW][C·M]`.
#[allow(clippy::too_many_arguments)]
pub fn depthwise_conv_per_channel(
    p: &ConvParams,
    multipliers: &[i32],
    shifts: &[i32],
    input: &[i8],
    input_shape: [usize; 4],
    filter: &[i8],
    filter_shape: [usize; 4],
    bias: Option<&[i32]>,
    output: &mut [i8],
    output_shape: [usize; 4],
) {
    let [batches, ih, iw, ic] = input_shape;
    let [_, kh, kw, oc_count] = filter_shape;
    let [_, oh, ow, _] = output_shape;
    for b in 0..batches {
        for oy in 0..oh {
            for ox in 0..ow {
                for c in 0..ic {
                    for m in 0..p.depth_multiplier {
                        let oc = m + c * p.depth_multiplier;
                        let mut acc = 0i32;
                        for ky in 0..kh {
                            for kx in 0..kw {
                                let iy = tap(oy, p.stride_h, p.pad_h, p.dilation_h, ky, ih);
                                let ix = tap(ox, p.stride_w, p.pad_w, p.dilation_w, kx, iw);
                                if let (Some(iy), Some(ix)) = (iy, ix) {
                                    let x = i32::from(input[((b * ih + iy) * iw + ix) * ic + c]);
                                    let w = i32::from(filter[(ky * kw + kx) * oc_count + oc]);
                                    acc = acc.wrapping_add(w * (x + p.input_offset));
                                }
                            }
                        }
                        if let Some(bias) = bias {
                            acc = acc.wrapping_add(bias[oc]);
                        }
                        output[((b * oh + oy) * ow + ox) * oc_count + oc] = finish(
                            acc,
                            multipliers[oc],
                            shifts[oc],
                            p.output_offset,
                            p.act_min,
                            p.act_max,
                        );
                    }
                }
            }
        }
    }
}

/// Offsets and clamp of a dense layer (TFLM's `FullyConnectedParams`).
#[derive(Clone, Copy, Debug)]
pub struct FcParams {
    /// `−input_zero_point`.
    pub input_offset: i32,
    /// `output_zero_point`.
    pub output_offset: i32,
    /// Lower clamp.
    pub act_min: i32,
    /// Upper clamp.
    pub act_max: i32,
}

/// TFLM's `reference_integer_ops::FullyConnected` (one multiplier, pass
/// slices of length 1) or `FullyConnectedPerChannel` (one per unit):
/// `input` `[batches][depth]`, `filter` `[units][depth]`, `output`
/// `[batches][units]`. `requant` replaces TFLM's double-rounding
/// `MultiplyByQuantizedMultiplier` when given (to model other runtimes).
#[allow(clippy::too_many_arguments)]
pub fn fully_connected(
    p: &FcParams,
    multipliers: &[i32],
    shifts: &[i32],
    input: &[i8],
    filter: &[i8],
    bias: Option<&[i32]>,
    output: &mut [i8],
    units: usize,
    requant: Option<&dyn Fn(i32, i32, i32) -> i32>,
) {
    let depth = filter.len() / units;
    let batches = input.len() / depth;
    for b in 0..batches {
        for u in 0..units {
            let mut acc = 0i32;
            for d in 0..depth {
                let x = i32::from(input[b * depth + d]);
                let w = i32::from(filter[u * depth + d]);
                acc = acc.wrapping_add(w * (x + p.input_offset));
            }
            if let Some(bias) = bias {
                acc = acc.wrapping_add(bias[u]);
            }
            let ch = if multipliers.len() == 1 { 0 } else { u };
            let scaled = match requant {
                Some(f) => f(acc, multipliers[ch], shifts[ch]),
                None => mbqm(acc, multipliers[ch], shifts[ch]),
            };
            output[b * units + u] = scaled
                .wrapping_add(p.output_offset)
                .max(p.act_min)
                .min(p.act_max) as i8;
        }
    }
}

/// Window, strides, padding and clamp of a pool (TFLM's `PoolParams`).
#[derive(Clone, Copy, Debug)]
pub struct PoolParams {
    /// Vertical stride.
    pub stride_h: usize,
    /// Horizontal stride.
    pub stride_w: usize,
    /// Window height.
    pub filter_h: usize,
    /// Window width.
    pub filter_w: usize,
    /// Padding rows above the input.
    pub pad_h: usize,
    /// Padding columns left of the input.
    pub pad_w: usize,
    /// Lower clamp.
    pub act_min: i32,
    /// Upper clamp.
    pub act_max: i32,
}

/// TFLM's `AveragePool` (`average = true`) or `MaxPool` for `int8`:
/// `input` `[N][H][W][C]`, `output` `[N][OH][OW][C]`.
pub fn pool(
    p: &PoolParams,
    average: bool,
    input: &[i8],
    input_shape: [usize; 4],
    output: &mut [i8],
    output_shape: [usize; 4],
) {
    let [batches, ih, iw, depth] = input_shape;
    let [_, oh, ow, _] = output_shape;
    for b in 0..batches {
        for oy in 0..oh {
            for ox in 0..ow {
                for c in 0..depth {
                    let (mut sum, mut count, mut max) = (0i32, 0i32, i8::MIN);
                    for ky in 0..p.filter_h {
                        for kx in 0..p.filter_w {
                            let iy = tap(oy, p.stride_h, p.pad_h, 1, ky, ih);
                            let ix = tap(ox, p.stride_w, p.pad_w, 1, kx, iw);
                            if let (Some(iy), Some(ix)) = (iy, ix) {
                                let x = input[((b * ih + iy) * iw + ix) * depth + c];
                                sum += i32::from(x);
                                count += 1;
                                max = max.max(x);
                            }
                        }
                    }
                    let value = if average {
                        rounded_mean(sum, count)
                    } else {
                        i32::from(max)
                    };
                    output[((b * oh + oy) * ow + ox) * depth + c] =
                        value.max(p.act_min).min(p.act_max) as i8;
                }
            }
        }
    }
}

/// TFLM's `AddFunc` over equal-shaped inputs.
pub fn add(p: &AddQuant, lhs: &[i8], rhs: &[i8], output: &mut [i8]) {
    for ((out, &x), &y) in output.iter_mut().zip(lhs).zip(rhs) {
        let input1_val = p.input1_offset + i32::from(x);
        let input2_val = p.input2_offset + i32::from(y);
        let shifted_input1_val = input1_val * (1 << p.left_shift);
        let shifted_input2_val = input2_val * (1 << p.left_shift);
        let scaled_input1_val =
            mbqm_smaller_than_one(shifted_input1_val, p.input1_multiplier, p.input1_shift);
        let scaled_input2_val =
            mbqm_smaller_than_one(shifted_input2_val, p.input2_multiplier, p.input2_shift);
        let raw_sum = scaled_input1_val + scaled_input2_val;
        let raw_output =
            mbqm_smaller_than_one(raw_sum, p.output_multiplier, p.output_shift) + p.output_offset;
        *out = raw_output.max(p.act_min.into()).min(p.act_max.into()) as i8;
    }
}

/// TFLM's integer `Softmax` over the last dimension (`depth`) of `input`.
/// Shares the per-row algorithm with [`super::softmax::softmax`].
pub fn softmax(p: &SoftmaxQuant, input: &[i8], depth: usize, output: &mut [i8]) {
    for (row_in, row_out) in input
        .chunks_exact(depth)
        .zip(output.chunks_exact_mut(depth))
    {
        softmax_row(depth, |c| row_in[c], |c, y| row_out[c] = y, p);
    }
}
