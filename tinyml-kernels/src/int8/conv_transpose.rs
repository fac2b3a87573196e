//! Per-channel quantized transposed 2-D convolution (TFLM's int8
//! `TRANSPOSE_CONV`, `reference_integer_ops::TransposeConv`).
//!
//! Shapes, layouts and the taps reaching each output are those of
//! [`crate::conv_transpose`]. Unlike a convolution, the number of taps
//! differs between outputs (the edges get fewer), so the input zero point
//! cannot be folded into the bias: as TFLM does, each tap adds
//! `(input + input_offset) · weight` to an `i32` sum, the raw bias is added
//! after, and the sum is requantized per channel
//! (`clamp(output_offset + M[oc] · acc)`, TFLM's double rounding). TFLM
//! scatters instead of gathering; the sums are the same integers. The
//! additions wrap as TFLM's `int32_t` ones do; the macro proves at compile
//! time that they never need to.

use super::conv::ConvQuant;
use crate::conv_transpose::taps;

/// `input` is `[IH][IW][IC]`, `weights` is `[OC][KH][KW][IC]`, `bias` the
/// raw `i32` bias, `output` is `[OH][OW][OC]`; `SH`/`SW` the strides and
/// `PT`/`PL` the rows and columns before the output that the scatter drops.
#[allow(clippy::too_many_arguments)]
pub fn conv2d_transpose_per_channel<
    const IH: usize,
    const IW: usize,
    const IC: usize,
    const OH: usize,
    const OW: usize,
    const OC: usize,
    const KH: usize,
    const KW: usize,
    const SH: usize,
    const SW: usize,
    const PT: usize,
    const PL: usize,
    const IN: usize,
    const OUT: usize,
    const WN: usize,
>(
    input: &[i8; IN],
    weights: &[i8; WN],
    bias: &[i32; OC],
    multipliers: &[i32; OC],
    shifts: &[i32; OC],
    output: &mut [i8; OUT],
    quant: ConvQuant,
) {
    const {
        assert!(
            IC > 0 && OC > 0,
            "conv2d_transpose: channel counts must be positive"
        );
        assert!(
            SH > 0 && SW > 0,
            "conv2d_transpose: strides must be positive"
        );
        assert!(
            IN == IH * IW * IC,
            "conv2d_transpose: IN must be IH * IW * IC"
        );
        assert!(
            OUT == OH * OW * OC,
            "conv2d_transpose: OUT must be OH * OW * OC"
        );
        assert!(
            WN == OC * KH * KW * IC,
            "conv2d_transpose: WN must be OC * KH * KW * IC"
        );
    };
    let act = (quant.act_min, quant.act_max);
    for (pixel, out_pixel) in output.chunks_exact_mut(OC).enumerate() {
        let (oy, ox) = (pixel / OW, pixel % OW);
        for (oc, out) in out_pixel.iter_mut().enumerate() {
            let mut acc = 0i32;
            for (ky, iy) in taps::<KH, SH, PT, IH>(oy) {
                for (kx, ix) in taps::<KW, SW, PL, IW>(ox) {
                    let x = &input[(iy * IW + ix) * IC..][..IC];
                    let w = &weights[((oc * KH + ky) * KW + kx) * IC..][..IC];
                    for (&x, &w) in x.iter().zip(w) {
                        let shifted = i32::from(x).wrapping_add(quant.input_offset);
                        acc = acc.wrapping_add(shifted.wrapping_mul(i32::from(w)));
                    }
                }
            }
            let acc = acc.wrapping_add(bias[oc]);
            *out = super::requantize(acc, multipliers[oc], shifts[oc], quant.output_offset, act);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::int8::quant::multiply_by_quantized_multiplier;

    #[test]
    fn edges_subtract_the_zero_point_only_for_their_taps() {
        // 1x2 input (zero point 3), kernel 1x3 of ones, stride 1, valid:
        // the outer outputs get one tap, the inner two.
        let quant = ConvQuant {
            input_offset: -3,
            output_offset: -1,
            act_min: -128,
            act_max: 127,
        };
        // Multiplier 2^30 with shift 0 halves (0.5).
        let mut output = [0i8; 4];
        conv2d_transpose_per_channel::<1, 2, 1, 1, 4, 1, 1, 3, 1, 1, 0, 0, 2, 4, 3>(
            &[5, 13],
            &[1; 3],
            &[4],
            &[1 << 30],
            &[0],
            &mut output,
            quant,
        );
        // Sums (5−3) + 4 = 6, (5−3) + (13−3) + 4 = 16, 16, (13−3) + 4 = 14.
        let expect = |acc| (multiply_by_quantized_multiplier(acc, 1 << 30, 0) - 1) as i8;
        assert_eq!(output, [expect(6), expect(16), expect(16), expect(14)]);
        assert_eq!(output, [2, 7, 7, 6]);
    }
}
