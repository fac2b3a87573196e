//! The element arithmetic of TFLM's `int8` LOGISTIC and TANH
//! (`reference_integer_ops::Logistic` and `Tanh`), which share one shape.
//!
//! The input offset `x − zero_point` is compared with the input radius
//! first: at or beyond it, the output saturates to −128 or 127 without any
//! arithmetic. Inside, it is rescaled to a Q4.27 value of `input_scale ·
//! (x − zero_point)` ([`multiply_by_quantized_multiplier`], double
//! rounding), gemmlowp's fixed-point [`logistic`] or [`tanh`] gives a Q0
//! result, and a rounding shift ([`rounding_divide_by_pot`], ties away from
//! zero) takes it to 8 bits: by 23 for logistic (output scale 1/256, then
//! zero point −128), by 24 for tanh (scale 1/128, zero point 0), then a
//! clamp to `i8`.

use super::{logistic, multiply_by_quantized_multiplier, rounding_divide_by_pot, tanh};

/// Integer bits of the rescaled input (Q4.27), TFLM's `kInputIntegerBits`.
pub const INPUT_INTEGER_BITS: u32 = 4;

/// The prepared input rescaling of a LOGISTIC or TANH
/// ([`prepare::sigmoid`](super::super::prepare::sigmoid),
/// [`prepare::tanh`](super::super::prepare::tanh)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SaturatingInput {
    /// The input zero point.
    pub zero_point: i32,
    /// Offsets at or beyond `±radius` saturate.
    pub radius: i32,
    /// Q31 multiplier of `input_scale · 2^27`.
    pub multiplier: i32,
    /// Its left shift (`≥ 0`).
    pub left_shift: i32,
}

impl SaturatingInput {
    /// The Q4.27 input, or the saturated output if `x` is beyond the radius.
    #[inline(always)]
    const fn rescale(&self, x: i8) -> Result<i32, i8> {
        let offset = x as i32 - self.zero_point;
        if offset <= -self.radius {
            Err(i8::MIN)
        } else if offset >= self.radius {
            Err(i8::MAX)
        } else {
            Ok(multiply_by_quantized_multiplier(
                offset,
                self.multiplier,
                self.left_shift,
            ))
        }
    }
}

/// TFLM's `int8` LOGISTIC of one value (output scale 1/256, zero point
/// −128).
pub const fn logistic_i8(x: i8, input: &SaturatingInput) -> i8 {
    match input.rescale(x) {
        Err(saturated) => saturated,
        Ok(q4) => {
            let q0 = logistic::<INPUT_INTEGER_BITS>(q4);
            clamp(rounding_divide_by_pot(q0, 31 - 8) - 128)
        }
    }
}

/// TFLM's `int8` TANH of one value (output scale 1/128, zero point 0).
pub const fn tanh_i8(x: i8, input: &SaturatingInput) -> i8 {
    match input.rescale(x) {
        Err(saturated) => saturated,
        Ok(q4) => {
            let q0 = tanh::<INPUT_INTEGER_BITS>(q4);
            clamp(rounding_divide_by_pot(q0, 31 - 7))
        }
    }
}

const fn clamp(x: i32) -> i8 {
    if x < i8::MIN as i32 {
        i8::MIN
    } else if x > i8::MAX as i32 {
        i8::MAX
    } else {
        x as i8
    }
}
