//! Quantized element-wise subtraction (TFLM's `SUB` for `int8`): `ADD`'s
//! arithmetic ([`super::add`]) with the second operand's scaled value
//! subtracted. Its parameters come from [`super::prepare::sub`], which
//! differs from `ADD`'s in where TFLM rounds to `f32`.

use super::add::{AddQuant, common_scale, to_output};
use crate::broadcast::{Broadcast, broadcast};

/// One output element of `SUB`.
#[inline(always)]
fn sub_one(x: i8, y: i8, q: &AddQuant) -> i8 {
    let (x, y) = common_scale(x, y, q);
    to_output(x.wrapping_sub(y), q)
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
