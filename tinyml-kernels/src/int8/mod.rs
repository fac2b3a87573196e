//! Quantized `i8` kernels with the exact semantics of TensorFlow Lite Micro.
//!
//! Every kernel here returns, for every input, the bytes that TFLM's
//! reference kernels (`tensorflow/lite/kernels/internal/reference/
//! integer_ops/`, as prepared by `tensorflow/lite/micro/kernels/`) return:
//! the same 32-bit accumulation, the same requantization with its two
//! roundings ([`quant`]), the same clamps. Inference is integer-only; all
//! floating point lives in [`prepare`] (and the `const fn`s of [`quant`]
//! that it calls), which runs at compile time.
//!
//! # Quantization
//!
//! A tensor stores `q` for the real value `scale · (q − zero_point)`.
//! Activations are per-tensor `i8`; weights are `i8` with zero point 0,
//! per output channel for convolutions (and optionally for dense layers);
//! biases are `i32` with scale `input_scale · weight_scale` and zero point
//! 0. Each output is `clamp(zp_out + M · acc)`, where the real multiplier
//! `M = input_scale · weight_scale / output_scale` is stored as a Q31
//! `multiplier` and a power-of-two `shift` ([`quant::quantize_multiplier`]).
//!
//! # The folded-bias contract
//!
//! TFLM adds the input offset (`−input_zero_point`) to every input value it
//! multiplies and skips the taps of a window that fall on padding. The
//! kernels here instead take a bias with the input zero point already
//! folded in, for every tap of the window,
//!
//! ```text
//! bias'[oc] = bias[oc] − input_zero_point · Σ weights of output channel oc
//! ```
//!
//! (over the whole `KH·KW·IC` kernel for conv2d, the `KH·KW` taps of the
//! channel for depthwise, all `IN` weights of the unit for dense; see
//! [`prepare::fold_bias_rows`] and [`prepare::fold_bias_depthwise`]), and
//! multiply raw input values. Convolutions treat padded positions as
//! holding the input zero point, so a padded tap contributes
//! `input_zero_point · w`, cancelling its share of the folded term exactly
//! as TFLM's skipped tap contributes nothing. All accumulation wraps modulo
//! 2³² (as TFLM's does in practice), so the folded accumulator equals
//! TFLM's bit for bit even where an intermediate sum would overflow.
//!
//! # Modules
//!
//! - [`quant`]: the fixed-point arithmetic (rounding documented per
//!   function) and `quantize_multiplier`.
//! - [`prepare`]: the compile-time step: multipliers, activation ranges,
//!   folded biases, add and softmax parameters.
//! - Kernels: [`conv`], [`conv_transpose`], [`fully_connected`], [`lstm`], [`pooling`], [`mean`],
//!   [`add`], [`sub`], [`mul`], [`softmax`], and [`lookup`] for the
//!   element-wise activations (their TFLM arithmetic is in [`quant`], run on
//!   all 256 inputs by [`prepare`]); `maximum`, `minimum`, `concat`, `pad` and
//!   `upsample` are [`crate::elementwise`], [`crate::concat`], [`crate::pad`]
//!   and [`crate::upsample`] on `i8`. `RESHAPE` needs no kernel: an `i8` tensor is reshaped by
//!   reading its bytes with a new shape.
//! - [`weights`]: `const` decoders from little-endian bytes to `i8`/`i32`
//!   arrays.

pub mod add;
pub mod conv;
pub mod conv_transpose;
mod dot;
mod float;
pub mod fully_connected;
pub mod io;
pub mod lookup;
#[cfg(test)]
mod lookup_tests;
pub mod lstm;
pub mod mean;
pub mod mul;
mod packed;
pub mod pooling;
pub mod prepare;
pub mod quant;
#[doc(hidden)]
pub mod reference;
mod requant;
pub mod softmax;
pub mod sub;
pub mod weights;

/// Requantizes an accumulator: `clamp(output_offset + M · acc)` with TFLM's
/// double rounding ([`quant::multiply_by_quantized_multiplier`], computed
/// the fast way of [`requant`]).
///
/// The offset is added with wrapping (TFLM's `int32_t` addition); the clamp
/// is `min(max(x, act_min), act_max)`, so it never panics, even when
/// `act_min > act_max`.
#[inline(always)]
fn requantize(acc: i32, multiplier: i32, shift: i32, output_offset: i32, act: (i8, i8)) -> i8 {
    let scaled = requant::Requant::new(multiplier, shift).apply(acc);
    clamp_i8(scaled.wrapping_add(output_offset), act)
}

/// [`requantize`] as a call: for the fast paths' rare case (a shift or
/// clamp that [`requant::QuarterRequant`] does not take), where inlining it
/// at every output would only grow the code.
#[inline(never)]
fn requantize_out_of_line(
    acc: i32,
    multiplier: i32,
    shift: i32,
    output_offset: i32,
    act: (i8, i8),
) -> i8 {
    requantize(acc, multiplier, shift, output_offset, act)
}

/// `min(max(x, lo), hi)` as `i8`, the fused activation of every kernel.
#[inline(always)]
pub(crate) fn clamp_i8(x: i32, (lo, hi): (i8, i8)) -> i8 {
    // The result lies in `lo..=hi` (or is `hi`), so it fits `i8`.
    x.max(i32::from(lo)).min(i32::from(hi)) as i8
}
