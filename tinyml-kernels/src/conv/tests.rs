//! Property tests of the convolutions against a naive reference that pads
//! its input explicitly (TensorFlow Lite `same`/`valid` formulas, computed
//! independently of the kernels' geometry code).

extern crate std;

use std::vec;
use std::vec::Vec;

use super::{conv2d, depthwise_conv2d};
use crate::Clamp;
use crate::testing::{
    I4F4, I8F8, I16F16, Padding, Reference, arr, check_random, clamps, compare, out_len, pad,
};
use proptest::prop_assert_eq;

/// Shape of one test case; the output shape follows from TensorFlow Lite's
/// padding formulas.
struct Case {
    ih: usize,
    iw: usize,
    ic: usize,
    kh: usize,
    kw: usize,
    sh: usize,
    sw: usize,
    padding: Padding,
}

impl Case {
    const fn oh(&self) -> usize {
        out_len(self.padding, self.ih, self.kh, self.sh)
    }
    const fn ow(&self) -> usize {
        out_len(self.padding, self.iw, self.kw, self.sw)
    }
    const fn pt(&self) -> usize {
        pad(self.padding, self.ih, self.kh, self.sh).0
    }
    const fn pl(&self) -> usize {
        pad(self.padding, self.iw, self.kw, self.sw).0
    }

    /// The input surrounded by its padding, `None` marking padding, as
    /// `[ih + pt + pb][iw + pl + pr][ic]`.
    fn padded<T: Copy>(&self, input: &[T]) -> (usize, usize, Vec<Option<T>>) {
        let (pt, pb) = pad(self.padding, self.ih, self.kh, self.sh);
        let (pl, pr) = pad(self.padding, self.iw, self.kw, self.sw);
        let (ph, pw) = (self.ih + pt + pb, self.iw + pl + pr);
        let mut padded = vec![None; ph * pw * self.ic];
        for y in 0..self.ih {
            for x in 0..self.iw {
                for c in 0..self.ic {
                    padded[((y + pt) * pw + x + pl) * self.ic + c] =
                        Some(input[(y * self.iw + x) * self.ic + c]);
                }
            }
        }
        (ph, pw, padded)
    }
}

/// Naive convolution: for output channel `oc`, sums over the window the
/// products of input channel `ic_of(oc, ic)` with weight `w(oc, ky, kx, ic)`,
/// for `ic` in `0..window_channels`.
#[expect(
    clippy::too_many_arguments,
    reason = "one reference for both convolutions"
)]
fn reference<T: Reference>(
    case: &Case,
    oc_count: usize,
    window_channels: usize,
    ic_of: impl Fn(usize, usize) -> usize,
    weight: impl Fn(usize, usize, usize, usize) -> T,
    input: &[T],
    bias: &[T],
    clamp: Clamp<T>,
) -> Vec<(T::Want, f64)> {
    let (_, pw, padded) = case.padded(input);
    let mut out = Vec::new();
    for oy in 0..case.oh() {
        for ox in 0..case.ow() {
            for oc in 0..oc_count {
                let mut sum = T::wide_bias(bias[oc]);
                let mut magnitude = T::magnitude(sum);
                for ky in 0..case.kh {
                    for kx in 0..case.kw {
                        for i in 0..window_channels {
                            let (py, px) = (oy * case.sh + ky, ox * case.sw + kx);
                            if let Some(x) = padded[(py * pw + px) * case.ic + ic_of(oc, i)] {
                                let product = T::wide_product(x, weight(oc, ky, kx, i));
                                sum = sum + product;
                                magnitude += T::magnitude(product);
                            }
                        }
                    }
                }
                out.push((T::finish_products(sum, clamp), magnitude));
            }
        }
    }
    out
}

/// The f32 outputs of [`reference`]'s sum taken in f32, in the window's
/// order (rows, columns, channels) with the bias added last: what a
/// one-output-at-a-time loop computes, bit for bit, and so what the
/// kernels' blocked and tiled paths must compute too.
#[expect(clippy::too_many_arguments, reason = "the arguments of `reference`")]
fn sequential_f32(
    case: &Case,
    oc_count: usize,
    window_channels: usize,
    ic_of: impl Fn(usize, usize) -> usize,
    weight: impl Fn(usize, usize, usize, usize) -> f32,
    input: &[f32],
    bias: &[f32],
    clamp: Clamp<f32>,
) -> Vec<u32> {
    let (_, pw, padded) = case.padded(input);
    let mut out = Vec::new();
    for oy in 0..case.oh() {
        for ox in 0..case.ow() {
            for oc in 0..oc_count {
                let mut sum = 0.0f32;
                for ky in 0..case.kh {
                    for kx in 0..case.kw {
                        for i in 0..window_channels {
                            let (py, px) = (oy * case.sh + ky, ox * case.sw + kx);
                            if let Some(x) = padded[(py * pw + px) * case.ic + ic_of(oc, i)] {
                                sum += x * weight(oc, ky, kx, i);
                            }
                        }
                    }
                }
                out.push(clamp.apply(sum + bias[oc]).to_bits());
            }
        }
    }
    out
}

/// Defines one module of tests per shape, each testing `conv2d` with `oc`
/// output channels and `depthwise_conv2d` with multiplier `m`, for every
/// element type.
macro_rules! conv_cases {
    ($($name:ident: in [$ih:expr, $iw:expr, $ic:expr], kernel [$kh:expr, $kw:expr],
        stride [$sh:expr, $sw:expr], $padding:ident, oc $oc:expr, m $m:expr;)*) => {$(
        mod $name {
            use super::*;

            const CASE: Case = Case {
                ih: $ih, iw: $iw, ic: $ic, kh: $kh, kw: $kw, sh: $sh, sw: $sw,
                padding: Padding::$padding,
            };
            const IH: usize = CASE.ih;
            const IW: usize = CASE.iw;
            const IC: usize = CASE.ic;
            const KH: usize = CASE.kh;
            const KW: usize = CASE.kw;
            const SH: usize = CASE.sh;
            const SW: usize = CASE.sw;
            const OH: usize = CASE.oh();
            const OW: usize = CASE.ow();
            const PT: usize = CASE.pt();
            const PL: usize = CASE.pl();
            const IN: usize = IH * IW * IC;
            const OC: usize = $oc;
            const M: usize = $m;
            const DW_OC: usize = IC * M;

            fn conv<T: Reference>() {
                const OUT: usize = OH * OW * OC;
                const WN: usize = OC * KH * KW * IC;
                let data = (T::values(IN), T::values(WN), T::values(OC), clamps::<T>());
                check_random(data, |(input, weights, bias, clamp)| {
                    let mut got = [T::default(); OUT];
                    conv2d::<T, IH, IW, IC, OH, OW, OC, KH, KW, SH, SW, PT, PL, IN, OUT, WN>(
                        arr(&input), arr(&weights), arr(&bias), &mut got, clamp,
                    );
                    let weight = |oc, ky, kx, ic| weights[((oc * KH + ky) * KW + kx) * IC + ic];
                    let want = reference(&CASE, OC, IC, |_, ic| ic, weight, &input, &bias, clamp);
                    compare(&got, &want)
                });
            }

            fn depthwise<T: Reference>() {
                const OUT: usize = OH * OW * DW_OC;
                const WN: usize = KH * KW * DW_OC;
                let data = (T::values(IN), T::values(WN), T::values(DW_OC), clamps::<T>());
                check_random(data, |(input, weights, bias, clamp)| {
                    let mut got = [T::default(); OUT];
                    depthwise_conv2d::<T, IH, IW, IC, OH, OW, M, KH, KW, SH, SW, PT, PL, DW_OC, IN, OUT, WN>(
                        arr(&input), arr(&weights), arr(&bias), &mut got, clamp,
                    );
                    // Output channel oc reads input channel oc / M only.
                    let weight = |oc, ky, kx, _| weights[(ky * KW + kx) * DW_OC + oc];
                    let want = reference(&CASE, DW_OC, 1, |oc, _| oc / M, weight, &input, &bias, clamp);
                    compare(&got, &want)
                });
            }

            #[test]
            fn conv_f32_bits() {
                const OUT: usize = OH * OW * OC;
                const WN: usize = OC * KH * KW * IC;
                let data = (f32::values(IN), f32::values(WN), f32::values(OC), clamps::<f32>());
                check_random(data, |(input, weights, bias, clamp)| {
                    let mut got = [0.0f32; OUT];
                    conv2d::<f32, IH, IW, IC, OH, OW, OC, KH, KW, SH, SW, PT, PL, IN, OUT, WN>(
                        arr(&input), arr(&weights), arr(&bias), &mut got, clamp,
                    );
                    let weight = |oc, ky, kx, ic| weights[((oc * KH + ky) * KW + kx) * IC + ic];
                    let want = sequential_f32(&CASE, OC, IC, |_, ic| ic, weight, &input, &bias, clamp);
                    prop_assert_eq!(got.map(f32::to_bits).to_vec(), want);
                    Ok(())
                });
            }

            #[test]
            fn depthwise_f32_bits() {
                const OUT: usize = OH * OW * DW_OC;
                const WN: usize = KH * KW * DW_OC;
                let data = (f32::values(IN), f32::values(WN), f32::values(DW_OC), clamps::<f32>());
                check_random(data, |(input, weights, bias, clamp)| {
                    let mut got = [0.0f32; OUT];
                    depthwise_conv2d::<f32, IH, IW, IC, OH, OW, M, KH, KW, SH, SW, PT, PL, DW_OC, IN, OUT, WN>(
                        arr(&input), arr(&weights), arr(&bias), &mut got, clamp,
                    );
                    let weight = |oc, ky, kx, _| weights[(ky * KW + kx) * DW_OC + oc];
                    let want = sequential_f32(&CASE, DW_OC, 1, |oc, _| oc / M, weight, &input, &bias, clamp);
                    prop_assert_eq!(got.map(f32::to_bits).to_vec(), want);
                    Ok(())
                });
            }

            #[test] fn conv_f32() { conv::<f32>() }
            #[test] fn conv_i4f4() { conv::<I4F4>() }
            #[test] fn conv_i8f8() { conv::<I8F8>() }
            #[test] fn conv_i16f16() { conv::<I16F16>() }
            #[test] fn depthwise_f32() { depthwise::<f32>() }
            #[test] fn depthwise_i4f4() { depthwise::<I4F4>() }
            #[test] fn depthwise_i8f8() { depthwise::<I8F8>() }
            #[test] fn depthwise_i16f16() { depthwise::<I16F16>() }
        }
    )*};
}

conv_cases! {
    // 1x1 kernels (pointwise), no padding either way.
    pointwise: in [4, 3, 5], kernel [1, 1], stride [1, 1], Same, oc 3, m 1;
    pointwise_stride2: in [5, 4, 2], kernel [1, 1], stride [2, 2], Valid, oc 2, m 2;
    // same, stride 1: even pad total (2) for k 3, odd (1) for k 2.
    same_3x3: in [5, 6, 3], kernel [3, 3], stride [1, 1], Same, oc 4, m 1;
    same_2x2: in [4, 5, 2], kernel [2, 2], stride [1, 1], Same, oc 3, m 2;
    // same, stride 2: odd input (pad total 2) and even input (pad total 1).
    same_3x3_stride2_odd: in [7, 7, 2], kernel [3, 3], stride [2, 2], Same, oc 3, m 2;
    same_3x3_stride2_even: in [8, 6, 3], kernel [3, 3], stride [2, 2], Same, oc 2, m 1;
    // same with a 5x5 kernel on a small input: padding on both sides of every window.
    same_5x5_small: in [3, 4, 2], kernel [5, 5], stride [1, 1], Same, oc 2, m 2;
    // non-square kernels and mixed strides.
    same_3x1: in [6, 5, 2], kernel [3, 1], stride [1, 2], Same, oc 3, m 1;
    same_1x4: in [5, 7, 2], kernel [1, 4], stride [2, 1], Same, oc 2, m 2;
    // valid, strides 1 and 2, including inputs that strides leave a remainder of.
    valid_3x3: in [6, 5, 3], kernel [3, 3], stride [1, 1], Valid, oc 4, m 1;
    valid_3x3_stride2: in [8, 7, 2], kernel [3, 3], stride [2, 2], Valid, oc 2, m 2;
    valid_2x3_stride2: in [6, 8, 2], kernel [2, 3], stride [2, 2], Valid, oc 3, m 1;
    // Tall inputs: tiles of four output rows with whole row windows (rows
    // 1..=8 here), single rows around them, channels beyond the blocks of
    // four.
    tall_3x3: in [10, 3, 5], kernel [3, 3], stride [1, 1], Same, oc 6, m 1;
    tall_3x2_stride2: in [13, 4, 4], kernel [3, 2], stride [2, 1], Valid, oc 4, m 1;
    tall_5x3_stride2_same: in [16, 5, 3], kernel [5, 3], stride [2, 2], Same, oc 9, m 2;
    // Pointwise tiles of four pixels and a single one; 9 output channels.
    pointwise_tiles: in [3, 3, 6], kernel [1, 1], stride [1, 1], Valid, oc 9, m 1;
    // kernel covering the whole input.
    valid_full: in [3, 3, 4], kernel [3, 3], stride [1, 1], Valid, oc 2, m 2;
}
