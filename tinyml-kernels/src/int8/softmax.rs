//! Quantized softmax, `int8` in and out (TFLM's integer `Softmax`).
//!
//! The output is quantized with scale 1/256 and zero point −128, as TFLM
//! requires. For each element the difference `d = x − max` (≤ 0) is
//! rescaled to a Q5.26 value of `beta · input_scale · d`
//! ([`quant::multiply_by_quantized_multiplier`], shift ≥ 0), `exp` of it is
//! gemmlowp's fixed-point [`quant::exp_on_negative_values`], the sum of the
//! exponentials is accumulated in Q12.19 (each term rounded by
//! [`quant::rounding_divide_by_pot`]), and each output is
//! `exp · (1 / sum)` ([`quant::reciprocal`]) shifted down to 8 bits with a
//! rounding shift, minus 128, clamped. Differences below `diff_min` (whose
//! rescaled value would overflow) contribute nothing and give −128.

use super::quant;

/// The quantization parameters of a softmax ([`super::prepare::softmax`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SoftmaxQuant {
    /// Q31 multiplier of `beta · input_scale · 2^26`.
    pub input_multiplier: i32,
    /// Its left shift (`≥ 0`).
    pub input_left_shift: i32,
    /// The smallest input difference that is not ignored (`≤ 0`).
    pub diff_min: i32,
}

/// Integer bits of the rescaled differences (Q5.26), TFLM's
/// `kScaledDiffIntegerBits`.
pub(crate) const SCALED_DIFF_INTEGER_BITS: u32 = 5;
/// Integer bits of the sum of exponentials (Q12.19), TFLM's
/// `kAccumulationIntegerBits`.
const ACCUMULATION_INTEGER_BITS: i32 = 12;

/// `exp(beta · input_scale · diff)` in Q0, or `None` if `diff` is ignored.
#[inline(always)]
fn exp_of_difference(diff: i32, q: &SoftmaxQuant) -> Option<i32> {
    if diff < q.diff_min {
        return None;
    }
    let scaled =
        quant::multiply_by_quantized_multiplier(diff, q.input_multiplier, q.input_left_shift);
    Some(quant::exp_on_negative_values::<SCALED_DIFF_INTEGER_BITS>(
        scaled,
    ))
}

/// Softmax of one row (TFLM's algorithm); `read(c)` gives element `c` of
/// the input, `write(c, y)` stores output `c` after all reads of `c`.
#[inline(always)]
pub(crate) fn softmax_row(
    depth: usize,
    read: impl Fn(usize) -> i8,
    mut write: impl FnMut(usize, i8),
    q: &SoftmaxQuant,
) {
    let max = (0..depth).map(&read).fold(i8::MIN, i8::max);
    let diff = |c: usize| i32::from(read(c)) - i32::from(max);
    let mut sum_of_exps = 0i32;
    for c in 0..depth {
        if let Some(e) = exp_of_difference(diff(c), q) {
            // Q0 → Q12: a rounding shift right by 12.
            let term = quant::saturating_rounding_multiply_by_pot(e, -ACCUMULATION_INTEGER_BITS);
            sum_of_exps = sum_of_exps.wrapping_add(term);
        }
    }
    let (scale, num_bits_over_unit) = quant::reciprocal(sum_of_exps, ACCUMULATION_INTEGER_BITS);
    // TFLM checks 0 ≤ exponent ≤ 31 (it holds unless Σ exp > 2048);
    // `rounding_divide_by_pot` clamps instead.
    let exponent = num_bits_over_unit + 31 - 8;
    for c in 0..depth {
        let y = match exp_of_difference(diff(c), q) {
            Some(e) => {
                let unsat = quant::rounding_divide_by_pot(
                    quant::saturating_rounding_doubling_high_mul(scale, e),
                    exponent,
                );
                super::clamp_i8(unsat.wrapping_sub(128), (i8::MIN, i8::MAX))
            }
            None => i8::MIN,
        };
        write(c, y);
    }
}

/// Softmax over a vector (TFLite `SOFTMAX` on `int8`, output scale 1/256
/// and zero point −128).
pub fn softmax<const N: usize>(input: &[i8; N], output: &mut [i8; N], quant: SoftmaxQuant) {
    const { assert!(N > 0, "softmax: N must be positive") };
    softmax_row(N, |c| input[c], |c, y| output[c] = y, &quant);
}

/// [`softmax`] in place.
pub fn softmax_in_place<const N: usize>(buf: &mut [i8; N], quant: SoftmaxQuant) {
    const { assert!(N > 0, "softmax_in_place: N must be positive") };
    // The row is read (max, sum) before any write, and element `c` is read
    // for the last time just before it is written.
    let cells = core::cell::Cell::from_mut(&mut buf[..]).as_slice_of_cells();
    softmax_row(N, |c| cells[c].get(), |c, y| cells[c].set(y), &quant);
}
