//! Quantized element-wise subtraction (TFLM's `SUB` for `int8`): `ADD`'s
//! arithmetic ([`super::add`]) with the second operand's scaled value
//! subtracted. Its parameters come from [`super::prepare::sub`], which
//! differs from `ADD`'s in where TFLM rounds to `f32`.

use super::add::AddQuant;
use super::clamp_i8;
use super::quant::multiply_by_quantized_multiplier_smaller_than_one as scale;
use crate::broadcast::{Broadcast, broadcast};

/// One output element of `SUB`, with TFLM's `int32_t` arithmetic wrapping
/// rather than overflowing.
#[inline(always)]
fn sub_one(x: i8, y: i8, q: &AddQuant) -> i8 {
    let shift = |v: i32| v.wrapping_mul(1i32.wrapping_shl(q.left_shift as u32));
    let x = shift(q.input1_offset.wrapping_add(i32::from(x)));
    let y = shift(q.input2_offset.wrapping_add(i32::from(y)));
    let x = scale(x, q.input1_multiplier, q.input1_shift);
    let y = scale(y, q.input2_multiplier, q.input2_shift);
    let difference = scale(x.wrapping_sub(y), q.output_multiplier, q.output_shift);
    clamp_i8(
        difference.wrapping_add(q.output_offset),
        (q.act_min, q.act_max),
    )
}

/// `output = lhs − rhs` in the output's quantization, with TFLite's
/// broadcasting.
pub fn sub<const A: usize, const B: usize, const N: usize>(
    lhs: &[i8; A],
    rhs: &[i8; B],
    output: &mut [i8; N],
    shape: &Broadcast,
    quant: AddQuant,
) {
    broadcast(lhs, rhs, output, shape, |x, y| sub_one(x, y, &quant));
}
