//! Property tests: the const-generic `int8` kernels, given folded biases,
//! against the runtime-shaped TFLM reference with unfolded zero points and
//! skipped padded taps, for many shapes and random data, multipliers,
//! shifts, zero points and clamps.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use tinyml_kernels::broadcast::Broadcast;
use tinyml_kernels::int8::add::add;
use tinyml_kernels::int8::conv::{
    ConvQuant, conv2d_in_place, conv2d_per_channel, conv2d_per_channel_in_place,
    depthwise_conv2d_per_channel, depthwise_conv2d_per_channel_in_place, depthwise_in_place,
};
use tinyml_kernels::int8::fully_connected::{DenseQuant, dense, dense_per_channel};
use tinyml_kernels::int8::mul::mul;
use tinyml_kernels::int8::pooling::{PoolQuant, avg_pool, max_pool};
use tinyml_kernels::int8::prepare::{self, FusedActivation, TensorQuant};
use tinyml_kernels::int8::reference::{self, ConvParams, FcParams, PoolParams};
use tinyml_kernels::int8::softmax::{softmax, softmax_in_place};
use tinyml_kernels::int8::sub::sub;

/// Runs `test` on 64 random values of `strategy`, panicking with the
/// minimal failing value.
fn check<S: Strategy>(strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>) {
    let config = Config {
        cases: 64,
        failure_persistence: None,
        ..Config::default()
    };
    if let Err(e) = TestRunner::new(config).run(&strategy, test) {
        panic!("{e}");
    }
}

fn arr<T, const N: usize>(v: &[T]) -> &[T; N] {
    v.try_into().expect("strategy produced a wrong length")
}

fn i8s(n: usize) -> impl Strategy<Value = Vec<i8>> {
    prop::collection::vec(any::<i8>(), n)
}

/// Biases of realistic size, including none at all.
fn biases(n: usize) -> impl Strategy<Value = Vec<i32>> {
    prop::collection::vec(-(1 << 20)..(1 << 20), n)
}

/// Q31 multipliers as `quantize_multiplier` makes them (`[2^30, 2^31)`),
/// and zero now and then.
fn multipliers(n: usize) -> impl Strategy<Value = Vec<i32>> {
    prop::collection::vec(prop_oneof![9 => (1 << 30)..=i32::MAX, 1 => Just(0)], n)
}

/// Shifts from tiny multipliers to ones above one.
fn shifts(n: usize) -> impl Strategy<Value = Vec<i32>> {
    prop::collection::vec(-24i32..=2, n)
}

/// `(act_min, act_max)`: the full range, or a random (possibly empty) one.
fn clamps() -> impl Strategy<Value = (i8, i8)> {
    prop_oneof![Just((i8::MIN, i8::MAX)), any::<(i8, i8)>()]
}

/// TensorFlow Lite's output length and padding before, along one axis.
const fn out_and_pad(same: bool, input: usize, kernel: usize, stride: usize) -> (usize, usize) {
    let out = if same {
        input.div_ceil(stride)
    } else {
        (input - kernel) / stride + 1
    };
    let needed = (out - 1) * stride + kernel;
    let total = needed.saturating_sub(input);
    (out, if same { total / 2 } else { 0 })
}

/// One module of conv, depthwise and pool tests per shape.
macro_rules! window_cases {
    ($($name:ident: in [$ih:expr, $iw:expr, $ic:expr], kernel [$kh:expr, $kw:expr],
        stride [$sh:expr, $sw:expr], same $same:expr, oc $oc:expr, m $m:expr;)*) => {$(
        mod $name {
            use super::*;

            const IH: usize = $ih;
            const IW: usize = $iw;
            const IC: usize = $ic;
            const KH: usize = $kh;
            const KW: usize = $kw;
            const SH: usize = $sh;
            const SW: usize = $sw;
            const OH: usize = out_and_pad($same, IH, KH, SH).0;
            const OW: usize = out_and_pad($same, IW, KW, SW).0;
            const PT: usize = out_and_pad($same, IH, KH, SH).1;
            const PL: usize = out_and_pad($same, IW, KW, SW).1;
            const IN: usize = IH * IW * IC;
            const OC: usize = $oc;
            const M: usize = $m;
            const DW_OC: usize = IC * M;

            fn params(q: ConvQuant, m: usize) -> ConvParams {
                ConvParams {
                    stride_h: SH,
                    stride_w: SW,
                    dilation_h: 1,
                    dilation_w: 1,
                    pad_h: PT,
                    pad_w: PL,
                    input_offset: q.input_offset,
                    output_offset: q.output_offset,
                    act_min: q.act_min.into(),
                    act_max: q.act_max.into(),
                    depth_multiplier: m,
                }
            }

            fn quant() -> impl Strategy<Value = ConvQuant> {
                (any::<i8>(), any::<i8>(), clamps()).prop_map(|(zp_in, zp_out, (lo, hi))| ConvQuant {
                    input_offset: -i32::from(zp_in),
                    output_offset: zp_out.into(),
                    act_min: lo,
                    act_max: hi,
                })
            }

            #[test]
            fn conv() {
                const OUT: usize = OH * OW * OC;
                const WN: usize = OC * KH * KW * IC;
                let data = (i8s(IN), i8s(WN), biases(OC), multipliers(OC), shifts(OC), quant());
                check(data, |(input, weights, bias, mult, shift, q)| {
                    let mut folded = [0i32; OC];
                    prepare::fold_bias_rows(&bias, &weights, -q.input_offset, &mut folded);
                    let mut got = [0i8; OUT];
                    conv2d_per_channel::<IH, IW, IC, OH, OW, OC, KH, KW, SH, SW, PT, PL, IN, OUT, WN>(
                        arr(&input), arr(&weights), &folded, arr(&mult), arr(&shift), &mut got, q,
                    );
                    let mut want = [0i8; OUT];
                    reference::conv_per_channel(
                        &params(q, 1), &mult, &shift, &input, [1, IH, IW, IC], &weights,
                        [OC, KH, KW, IC], Some(&bias), &mut want, [1, OH, OW, OC],
                    );
                    prop_assert_eq!(got, want);
                    Ok(())
                });
            }

            #[test]
            fn depthwise() {
                const OUT: usize = OH * OW * DW_OC;
                const WN: usize = KH * KW * DW_OC;
                let data = (i8s(IN), i8s(WN), biases(DW_OC), multipliers(DW_OC), shifts(DW_OC), quant());
                check(data, |(input, weights, bias, mult, shift, q)| {
                    let mut folded = [0i32; DW_OC];
                    prepare::fold_bias_depthwise(&bias, &weights, -q.input_offset, &mut folded);
                    let mut got = [0i8; OUT];
                    depthwise_conv2d_per_channel::<IH, IW, IC, OH, OW, M, KH, KW, SH, SW, PT, PL, DW_OC, IN, OUT, WN>(
                        arr(&input), arr(&weights), &folded, arr(&mult), arr(&shift), &mut got, q,
                    );
                    let mut want = [0i8; OUT];
                    reference::depthwise_conv_per_channel(
                        &params(q, M), &mult, &shift, &input, [1, IH, IW, IC], &weights,
                        [1, KH, KW, DW_OC], Some(&bias), &mut want, [1, OH, OW, DW_OC],
                    );
                    prop_assert_eq!(got, want);
                    Ok(())
                });
            }

            #[test]
            fn pools() {
                const OUT: usize = OH * OW * IC;
                check((i8s(IN), clamps()), |(input, (lo, hi))| {
                    let q = PoolQuant { act_min: lo, act_max: hi };
                    let p = PoolParams {
                        stride_h: SH, stride_w: SW, filter_h: KH, filter_w: KW,
                        pad_h: PT, pad_w: PL, act_min: lo.into(), act_max: hi.into(),
                    };
                    for average in [false, true] {
                        let mut got = [0i8; OUT];
                        if average {
                            avg_pool::<IH, IW, IC, OH, OW, KH, KW, SH, SW, PT, PL, IN, OUT>(arr(&input), &mut got, q);
                        } else {
                            max_pool::<IH, IW, IC, OH, OW, KH, KW, SH, SW, PT, PL, IN, OUT>(arr(&input), &mut got, q);
                        }
                        let mut want = [0i8; OUT];
                        reference::pool(&p, average, &input, [1, IH, IW, IC], &mut want, [1, OH, OW, IC]);
                        prop_assert_eq!(got, want, "average: {}", average);
                    }
                    Ok(())
                });
            }
        }
    )*};
}

window_cases! {
    // 1x1 kernels (pointwise), no padding either way.
    pointwise: in [4, 3, 5], kernel [1, 1], stride [1, 1], same true, oc 3, m 1;
    pointwise_stride2: in [5, 4, 2], kernel [1, 1], stride [2, 2], same false, oc 2, m 2;
    // same, stride 1: even pad total (2) for k 3, odd (1) for k 2.
    same_3x3: in [5, 6, 3], kernel [3, 3], stride [1, 1], same true, oc 4, m 1;
    same_2x2: in [4, 5, 2], kernel [2, 2], stride [1, 1], same true, oc 3, m 2;
    // same, stride 2: odd input (pad total 2) and even input (pad total 1).
    same_3x3_stride2_odd: in [7, 7, 2], kernel [3, 3], stride [2, 2], same true, oc 3, m 2;
    same_3x3_stride2_even: in [8, 6, 3], kernel [3, 3], stride [2, 2], same true, oc 2, m 1;
    // A 5x5 kernel on a small input: padding on both sides of every window.
    same_5x5_small: in [3, 4, 2], kernel [5, 5], stride [1, 1], same true, oc 2, m 2;
    // Non-square kernels and mixed strides.
    same_3x1: in [6, 5, 2], kernel [3, 1], stride [1, 2], same true, oc 3, m 1;
    same_1x4: in [5, 7, 2], kernel [1, 4], stride [2, 1], same true, oc 2, m 2;
    // KWS's first layer: 10x4 kernel, stride 2, on a 49x10 single-channel input.
    kws_first: in [49, 10, 1], kernel [10, 4], stride [2, 2], same true, oc 4, m 3;
    // valid, strides 1 and 2, including inputs that strides leave a remainder of.
    valid_3x3: in [6, 5, 3], kernel [3, 3], stride [1, 1], same false, oc 4, m 1;
    valid_3x3_stride2: in [8, 7, 2], kernel [3, 3], stride [2, 2], same false, oc 2, m 2;
    valid_2x3_stride2: in [6, 8, 2], kernel [2, 3], stride [2, 2], same false, oc 3, m 1;
    // Kernel covering the whole input (global pooling).
    valid_full: in [3, 3, 4], kernel [3, 3], stride [1, 1], same false, oc 2, m 2;
    // The packed conv2d path: KWS's pointwise shape (and its 125 pixels, not
    // a multiple of four); 256 taps, summed in two lane runs (252 + 4), the
    // most it packs; 257 taps and fewer than four pixels, which it leaves to
    // the general path.
    kws_pointwise: in [25, 5, 64], kernel [1, 1], stride [1, 1], same true, oc 8, m 1;
    packed_256_taps: in [3, 2, 256], kernel [1, 1], stride [1, 1], same true, oc 3, m 1;
    packed_257_taps: in [2, 3, 257], kernel [1, 1], stride [1, 1], same true, oc 2, m 1;
    three_pixels: in [1, 3, 4], kernel [1, 1], stride [1, 1], same true, oc 3, m 1;
    // The SMLAD conv2d path (DSP targets; on the host with
    // `TINYML_DSP_PATHS=1`): more than 256 taps, padded windows, taps that
    // do not divide by four, output channels that leave some over after the
    // blocks of four.
    dsp_297_taps: in [5, 4, 33], kernel [3, 3], stride [1, 1], same true, oc 6, m 1;
    dsp_270_taps_stride2: in [6, 5, 30], kernel [3, 3], stride [2, 2], same true, oc 4, m 1;
    // The depthwise plane path: KWS's shape; planes of several strips, with
    // strides 1 and 2; a row too wide for it (the general path).
    kws_depthwise: in [25, 5, 8], kernel [3, 3], stride [1, 1], same true, oc 2, m 1;
    depthwise_strips: in [41, 20, 2], kernel [3, 3], stride [1, 1], same true, oc 2, m 2;
    depthwise_strips_stride2: in [43, 21, 2], kernel [3, 3], stride [2, 2], same true, oc 2, m 1;
    depthwise_wide_row: in [4, 70, 2], kernel [3, 3], stride [1, 1], same true, oc 2, m 1;
}

/// One module of dense tests per shape.
macro_rules! dense_cases {
    ($($name:ident: in $in:expr, units $units:expr;)*) => {$(
        mod $name {
            use super::*;

            const IN: usize = $in;
            const UNITS: usize = $units;
            const WN: usize = IN * UNITS;

            fn quant() -> impl Strategy<Value = (i32, DenseQuant)> {
                (any::<i8>(), any::<i8>(), clamps()).prop_map(|(zp_in, zp_out, (lo, hi))| {
                    (zp_in.into(), DenseQuant { output_offset: zp_out.into(), act_min: lo, act_max: hi })
                })
            }

            fn params(zp_in: i32, q: DenseQuant) -> FcParams {
                FcParams {
                    input_offset: -zp_in,
                    output_offset: q.output_offset,
                    act_min: q.act_min.into(),
                    act_max: q.act_max.into(),
                }
            }

            #[test]
            fn per_tensor() {
                let data = (i8s(IN), i8s(WN), biases(UNITS), multipliers(1), shifts(1), quant());
                check(data, |(input, weights, bias, mult, shift, (zp_in, q))| {
                    let mut folded = [0i32; UNITS];
                    prepare::fold_bias_rows(&bias, &weights, zp_in, &mut folded);
                    let mut got = [0i8; UNITS];
                    dense::<IN, UNITS, WN>(arr(&input), arr(&weights), &folded, mult[0], shift[0], &mut got, q);
                    let mut want = [0i8; UNITS];
                    reference::fully_connected(
                        &params(zp_in, q), &mult, &shift, &input, &weights, Some(&bias), &mut want, UNITS, None,
                    );
                    prop_assert_eq!(got, want);
                    Ok(())
                });
            }

            #[test]
            fn per_channel() {
                let data = (i8s(IN), i8s(WN), biases(UNITS), multipliers(UNITS), shifts(UNITS), quant());
                check(data, |(input, weights, bias, mult, shift, (zp_in, q))| {
                    let mut folded = [0i32; UNITS];
                    prepare::fold_bias_rows(&bias, &weights, zp_in, &mut folded);
                    let mut got = [0i8; UNITS];
                    dense_per_channel::<IN, UNITS, WN>(
                        arr(&input), arr(&weights), &folded, arr(&mult), arr(&shift), &mut got, q,
                    );
                    let mut want = [0i8; UNITS];
                    reference::fully_connected(
                        &params(zp_in, q), &mult, &shift, &input, &weights, Some(&bias), &mut want, UNITS, None,
                    );
                    prop_assert_eq!(got, want);
                    Ok(())
                });
            }
        }
    )*};
}

dense_cases! {
    dense_1x1: in 1, units 1;
    dense_7x3: in 7, units 3;
    dense_64x10: in 64, units 10;
    dense_640x128: in 640, units 128;
}

/// The packed paths sum two pixels per multiply in lanes of a 64-bit
/// accumulator: inputs and weights at the extremes, over the most taps one
/// lane run holds (252) and more, must still come out exact.
#[test]
fn extreme_values_fill_the_lanes() {
    fn conv_case<const IC: usize, const IN: usize, const WN: usize>(x: i8, w: i8, zp_in: i8) {
        const OC: usize = 2;
        let input = [x; IN];
        let weights = [w; WN];
        let bias = [-3, 5];
        let (mult, shift) = ([1 << 30, (1 << 30) + 12345], [-20, -24]);
        let q = ConvQuant {
            input_offset: -i32::from(zp_in),
            output_offset: 3,
            act_min: -128,
            act_max: 127,
        };
        let mut folded = [0i32; OC];
        prepare::fold_bias_rows(&bias, &weights, i32::from(zp_in), &mut folded);
        let mut got = [0i8; 5 * OC];
        conv2d_per_channel::<5, 1, IC, 5, 1, OC, 1, 1, 1, 1, 0, 0, IN, { 5 * OC }, WN>(
            &input, &weights, &folded, &mult, &shift, &mut got, q,
        );
        let p = ConvParams {
            stride_h: 1,
            stride_w: 1,
            dilation_h: 1,
            dilation_w: 1,
            pad_h: 0,
            pad_w: 0,
            input_offset: q.input_offset,
            output_offset: 3,
            act_min: -128,
            act_max: 127,
            depth_multiplier: 1,
        };
        let mut want = [0i8; 5 * OC];
        reference::conv_per_channel(
            &p,
            &mult,
            &shift,
            &input,
            [1, 5, 1, IC],
            &weights,
            [OC, 1, 1, IC],
            Some(&bias),
            &mut want,
            [1, 5, 1, OC],
        );
        assert_eq!(got, want, "conv: {IC} taps of {x} · {w}");
    }
    for (x, w) in [(-128, -128), (-128, 127), (127, -128), (127, 127)] {
        conv_case::<251, { 5 * 251 }, { 2 * 251 }>(x, w, -128);
        conv_case::<252, { 5 * 252 }, { 2 * 252 }>(x, w, 127);
        conv_case::<253, { 5 * 253 }, { 2 * 253 }>(x, w, 0);
        conv_case::<256, { 5 * 256 }, { 2 * 256 }>(x, w, -128);
    }

    // Depthwise 3x3 on a plane of extremes, padding included.
    for (x, w, zp_in) in [(-128i8, -128i8, -128i8), (127, -128, 127), (-128, 127, 0)] {
        const C: usize = 2;
        let input = [x; 6 * 5 * C];
        let weights = [w; 9 * C];
        let bias = [7, -7];
        let (mult, shift) = ([(1 << 30) + 1, i32::MAX], [-12, -3]);
        let q = ConvQuant {
            input_offset: -i32::from(zp_in),
            output_offset: -1,
            act_min: -128,
            act_max: 127,
        };
        let mut folded = [0i32; C];
        prepare::fold_bias_depthwise(&bias, &weights, i32::from(zp_in), &mut folded);
        let mut got = [0i8; 6 * 5 * C];
        depthwise_conv2d_per_channel::<
            6,
            5,
            C,
            6,
            5,
            1,
            3,
            3,
            1,
            1,
            1,
            1,
            C,
            { 6 * 5 * C },
            { 6 * 5 * C },
            { 9 * C },
        >(&input, &weights, &folded, &mult, &shift, &mut got, q);
        let p = ConvParams {
            stride_h: 1,
            stride_w: 1,
            dilation_h: 1,
            dilation_w: 1,
            pad_h: 1,
            pad_w: 1,
            input_offset: q.input_offset,
            output_offset: -1,
            act_min: -128,
            act_max: 127,
            depth_multiplier: 1,
        };
        let mut want = [0i8; 6 * 5 * C];
        reference::depthwise_conv_per_channel(
            &p,
            &mult,
            &shift,
            &input,
            [1, 6, 5, C],
            &weights,
            [1, 3, 3, C],
            Some(&bias),
            &mut want,
            [1, 6, 5, C],
        );
        assert_eq!(got, want, "depthwise: {x} · {w}, zero point {zp_in}");
    }
}

/// An input offset outside `i8`'s range (no valid quantization has one, but
/// the kernels take any `i32`): the fast paths, which pack the padding as an
/// `i8`, hand such layers to the general path, exact all the same.
#[test]
fn input_offsets_beyond_i8_take_the_general_path() {
    const IH: usize = 6;
    const IW: usize = 5;
    const C: usize = 3;
    const IN: usize = IH * IW * C;
    let input: Vec<i8> = (0..IN).map(|i| (i * 37 % 256) as u8 as i8).collect();
    let weights: Vec<i8> = (0..9 * C * C).map(|i| (i * 53 % 256) as u8 as i8).collect();
    let bias = [100, -2000, 3];
    let (mult, shift) = ([1 << 30, 1_500_000_000, (1 << 30) + 7], [-9, -12, 1]);
    for input_offset in [1000, -1000, 129, -129] {
        let q = ConvQuant {
            input_offset,
            output_offset: -3,
            act_min: -100,
            act_max: 90,
        };
        let p = ConvParams {
            stride_h: 1,
            stride_w: 1,
            dilation_h: 1,
            dilation_w: 1,
            pad_h: 1,
            pad_w: 1,
            input_offset,
            output_offset: -3,
            act_min: -100,
            act_max: 90,
            depth_multiplier: 1,
        };

        let mut folded = [0i32; C];
        prepare::fold_bias_rows(&bias, &weights, -input_offset, &mut folded);
        let mut got = [0i8; IN];
        conv2d_per_channel::<IH, IW, C, IH, IW, C, 3, 3, 1, 1, 1, 1, IN, IN, { 9 * C * C }>(
            arr(&input),
            arr(&weights),
            &folded,
            &mult,
            &shift,
            &mut got,
            q,
        );
        let mut want = [0i8; IN];
        reference::conv_per_channel(
            &p,
            &mult,
            &shift,
            &input,
            [1, IH, IW, C],
            &weights,
            [C, 3, 3, C],
            Some(&bias),
            &mut want,
            [1, IH, IW, C],
        );
        assert_eq!(got, want, "conv, input offset {input_offset}");

        let dw_weights = &weights[..9 * C];
        prepare::fold_bias_depthwise(&bias, dw_weights, -input_offset, &mut folded);
        depthwise_conv2d_per_channel::<IH, IW, C, IH, IW, 1, 3, 3, 1, 1, 1, 1, C, IN, IN, { 9 * C }>(
            arr(&input),
            arr(dw_weights),
            &folded,
            &mult,
            &shift,
            &mut got,
            q,
        );
        reference::depthwise_conv_per_channel(
            &p,
            &mult,
            &shift,
            &input,
            [1, IH, IW, C],
            dw_weights,
            [1, 3, 3, C],
            Some(&bias),
            &mut want,
            [1, IH, IW, C],
        );
        assert_eq!(got, want, "depthwise, input offset {input_offset}");
    }
}

/// A random tensor quantization with a scale from 2^-12 to 2^4.
fn tensor_quant() -> impl Strategy<Value = TensorQuant> {
    (-12.0f32..4.0, any::<i8>()).prop_map(|(log2, zp)| TensorQuant {
        scale: log2.exp2(),
        zero_point: zp.into(),
    })
}

fn fused_activation() -> impl Strategy<Value = FusedActivation> {
    prop_oneof![
        Just(FusedActivation::None),
        Just(FusedActivation::Relu),
        Just(FusedActivation::Relu6),
        Just(FusedActivation::ReluN1To1),
    ]
}

/// `SUB` and `MUL` (checked bit for bit against tflite-micro by the zoo):
/// here, that each is its real operation to within the two roundings,
/// unless clamped, on a per-channel broadcast.
#[test]
fn sub_and_mul_are_their_real_operations() {
    const N: usize = 36;
    const C: usize = 6;
    let data = (
        i8s(N),
        i8s(C),
        tensor_quant(),
        tensor_quant(),
        tensor_quant(),
    );
    check(data, |(x, y, q1, q2, qo)| {
        let shape = Broadcast::new(&[6, C], &[C], &[6, C]).expect("per channel");
        let real =
            |q: TensorQuant, v: i8| f64::from(q.scale) * f64::from(i32::from(v) - q.zero_point);
        let ideal = |value: f64| {
            (value / f64::from(qo.scale) + f64::from(qo.zero_point))
                .round()
                .clamp(-128.0, 127.0)
        };
        let act = FusedActivation::None;
        if let Ok(q) = prepare::sub(q1, q2, qo, act) {
            let mut got = [0i8; N];
            sub::<N, C, N>(arr(&x), arr(&y), &mut got, &shape, q);
            for i in 0..N {
                let want = ideal(real(q1, x[i]) - real(q2, y[i % C]));
                prop_assert!(
                    (f64::from(got[i]) - want).abs() <= 2.0,
                    "sub {} vs {want}",
                    got[i]
                );
            }
        }
        // Beyond 2^14, `product · 2^shift` overflows int32 as it does in
        // TFLM (both wrap): no longer the real product, so not checked here.
        if f64::from(q1.scale) * f64::from(q2.scale) / f64::from(qo.scale) > 16384.0 {
            return Ok(());
        }
        let q = prepare::mul(q1, q2, qo, act).expect("mul prepare");
        let mut got = [0i8; N];
        mul::<N, C, N>(arr(&x), arr(&y), &mut got, &shape, q);
        for i in 0..N {
            let want = ideal(real(q1, x[i]) * real(q2, y[i % C]));
            prop_assert!(
                (f64::from(got[i]) - want).abs() <= 1.0,
                "mul {} vs {want}",
                got[i]
            );
        }
        Ok(())
    });
}

#[test]
fn add_matches_reference() {
    const N: usize = 37;
    let data = (
        i8s(N),
        i8s(N),
        tensor_quant(),
        tensor_quant(),
        tensor_quant(),
        fused_activation(),
    );
    check(data, |(x, y, q1, q2, qo, act)| {
        let q = prepare::add(q1, q2, qo, act).expect("add prepare");
        let mut got = [0i8; N];
        let same = Broadcast::new(&[N], &[N], &[N]).expect("same shapes");
        add::<N, N, N>(arr(&x), arr(&y), &mut got, &same, q);
        let mut want = [0i8; N];
        reference::add(&q, &x, &y, &mut want);
        prop_assert_eq!(got, want);
        // And it is an addition: within a couple of steps of the real sum,
        // unless clamped.
        for i in 0..N {
            let real = f64::from(q1.scale) * f64::from(i32::from(x[i]) - q1.zero_point)
                + f64::from(q2.scale) * f64::from(i32::from(y[i]) - q2.zero_point);
            let ideal = (real / f64::from(qo.scale) + f64::from(qo.zero_point)).round();
            let clamped = ideal.clamp(f64::from(q.act_min), f64::from(q.act_max));
            prop_assert!(
                (f64::from(got[i]) - clamped).abs() <= 2.0,
                "{} vs {}",
                got[i],
                clamped
            );
        }
        Ok(())
    });
}

#[test]
fn softmax_matches_reference_and_real_softmax() {
    const N: usize = 12;
    let output = TensorQuant {
        scale: 1.0 / 256.0,
        zero_point: -128,
    };
    check((i8s(N), tensor_quant()), |(x, input)| {
        let q = prepare::softmax(1.0, input, output).expect("softmax prepare");
        let mut got = [0i8; N];
        softmax::<N>(arr(&x), &mut got, q);
        let mut in_place: [i8; N] = *arr(&x);
        softmax_in_place(&mut in_place, q);
        prop_assert_eq!(got, in_place);
        let mut want = [0i8; N];
        reference::softmax(&q, &x, N, &mut want);
        prop_assert_eq!(got, want);
        let real: Vec<f64> = x
            .iter()
            .map(|&v| f64::from(input.scale) * f64::from(i32::from(v) - input.zero_point))
            .collect();
        let max = real.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let sum: f64 = real.iter().map(|r| (r - max).exp()).sum();
        for (&g, r) in got.iter().zip(&real) {
            let ideal = (r - max).exp() / sum;
            let dequantized = (f64::from(g) + 128.0) / 256.0;
            prop_assert!(
                (dequantized - ideal).abs() <= 1.5 / 256.0,
                "{} vs {}",
                dequantized,
                ideal
            );
        }
        Ok(())
    });
}

#[test]
fn folded_bias_and_accumulator_bound() {
    let weights: [i8; 6] = [1, -2, 3, 4, 5, -6];
    let mut folded = [0i32; 2];
    // Rows [1, -2, 3] and [4, 5, -6]: sums 2 and 3.
    prepare::fold_bias_rows(&[10, 20], &weights, -5, &mut folded);
    assert_eq!(folded, [20, 35]);
    prepare::fold_bias_rows(&[], &weights, 1, &mut folded);
    assert_eq!(folded, [-2, -3]);
    // Columns [1, 3, 5] and [-2, 4, -6]: sums 9 and -4.
    prepare::fold_bias_depthwise(&[10, 20], &weights, 2, &mut folded);
    assert_eq!(folded, [-8, 28]);
    assert_eq!(prepare::accumulator_bound(-7, &weights, 0, 1), 7 + 128 * 21);
    assert_eq!(prepare::accumulator_bound(0, &weights, 1, 2), 128 * 12);
    // And at compile time.
    const FOLDED: [i32; 2] = {
        let mut f = [0; 2];
        prepare::fold_bias_rows(&[10, 20], &[1, -2, 3, 4, 5, -6], -5, &mut f);
        f
    };
    assert_eq!(FOLDED, [20, 35]);
}

#[test]
fn activation_ranges_follow_tflm() {
    let q = |scale, zero_point| TensorQuant { scale, zero_point };
    let range = |a, t| prepare::activation_range(a, t).expect("valid");
    assert_eq!(range(FusedActivation::None, q(0.1, 3)), (-128, 127));
    assert_eq!(range(FusedActivation::Relu, q(0.1, 3)), (3, 127));
    assert_eq!(range(FusedActivation::Relu, q(0.1, -128)), (-128, 127));
    // 6 / 0.05 = 120 (+ zp −128 = −8); 6 / 0.02 = 300 clamps to 127.
    assert_eq!(range(FusedActivation::Relu6, q(0.05, -128)), (-128, -8));
    assert_eq!(range(FusedActivation::Relu6, q(0.02, -128)), (-128, 127));
    // ±1 / 0.25 = ±4.
    assert_eq!(range(FusedActivation::ReluN1To1, q(0.25, 10)), (6, 14));
    // 6 / 0.048 = 125.00000 in f32 arithmetic: rounds to 125.
    assert_eq!(range(FusedActivation::Relu6, q(0.048, 0)), (0, 125));
    assert_eq!(
        prepare::activation_range(FusedActivation::Relu6, q(1e-12, 0)),
        Err(prepare::PrepareError::ActivationOutOfRange)
    );
    assert_eq!(
        prepare::activation_range(FusedActivation::None, q(0.0, 0)),
        Err(prepare::PrepareError::BadScale)
    );
    assert_eq!(
        prepare::activation_range(FusedActivation::None, q(0.5, 128)),
        Err(prepare::PrepareError::BadZeroPoint)
    );
}

#[test]
fn multipliers_use_tflm_formulas() {
    // The per-channel formula multiplies in f64; the per-tensor dense one
    // rounds the product of the two scales to f32 first.
    let (si, sw, so) = (0.3910152f32, 0.0056373f32, 0.04945913f32);
    let exact = f64::from(si) * f64::from(sw) / f64::from(so);
    let rounded = f64::from(si * sw) / f64::from(so);
    assert_eq!(
        prepare::conv_multiplier(si, sw, so),
        tinyml_kernels::int8::quant::quantize_multiplier(exact)
    );
    assert_eq!(
        prepare::dense_multiplier(si, sw, so),
        tinyml_kernels::int8::quant::quantize_multiplier(rounded)
    );
    // Softmax rejects outputs other than 1/256, −128.
    assert_eq!(
        prepare::softmax(
            1.0,
            TensorQuant {
                scale: 0.1,
                zero_point: 0
            },
            TensorQuant {
                scale: 1.0 / 255.0,
                zero_point: -128
            }
        ),
        Err(prepare::PrepareError::SoftmaxOutput)
    );
}

/// One module of in-place tests per shape: the in-place entries against
/// the reference, from the same random data as the two-buffer kernels.
macro_rules! in_place_cases {
    ($($name:ident: in [$ih:expr, $iw:expr, $ic:expr], $kind:ident { $($arg:tt)* })*) => {$(
        mod $name {
            use super::*;
            in_place_cases!(@$kind [$ih, $iw, $ic] $($arg)*);
        }
    )*};
    (@pointwise [$ih:expr, $iw:expr, $ic:expr] oc $oc:expr) => {
        const IH: usize = $ih;
        const IW: usize = $iw;
        const IC: usize = $ic;
        const OC: usize = $oc;
        const IN: usize = IH * IW * IC;
        const OUT: usize = IH * IW * OC;
        const WN: usize = OC * IC;

        #[test]
        fn pointwise() {
            assert!(conv2d_in_place(IC, OC, [1, 1], [1, 1], [0, 0]));
            let data = (i8s(IN), i8s(WN), biases(OC), multipliers(OC), shifts(OC), in_place_quant());
            check(data, |(input, weights, bias, mult, shift, q)| {
                let mut folded = [0i32; OC];
                prepare::fold_bias_rows(&bias, &weights, -q.input_offset, &mut folded);
                let mut buffer: [i8; IN] = *arr(&input);
                conv2d_per_channel_in_place::<IH, IW, IC, IH, IW, OC, 1, 1, 1, 1, 0, 0, IN, OUT, WN>(
                    &mut buffer, arr(&weights), &folded, arr(&mult), arr(&shift), q,
                );
                let mut want = [0i8; OUT];
                reference::conv_per_channel(
                    &in_place_params(q, [1, 1], [0, 0]), &mult, &shift, &input, [1, IH, IW, IC],
                    &weights, [OC, 1, 1, IC], Some(&bias), &mut want, [1, IH, IW, OC],
                );
                prop_assert_eq!(&buffer[..OUT], &want[..]);
                Ok(())
            });
        }
    };
    (@depthwise [$ih:expr, $iw:expr, $ic:expr] kernel [$kh:expr, $kw:expr],
        stride [$sh:expr, $sw:expr], same $same:expr) => {
        const IH: usize = $ih;
        const IW: usize = $iw;
        const C: usize = $ic;
        const KH: usize = $kh;
        const KW: usize = $kw;
        const SH: usize = $sh;
        const SW: usize = $sw;
        const OH: usize = out_and_pad($same, IH, KH, SH).0;
        const OW: usize = out_and_pad($same, IW, KW, SW).0;
        const PT: usize = out_and_pad($same, IH, KH, SH).1;
        const PL: usize = out_and_pad($same, IW, KW, SW).1;
        const IN: usize = IH * IW * C;
        const OUT: usize = OH * OW * C;
        const WN: usize = KH * KW * C;

        #[test]
        fn depthwise() {
            assert!(depthwise_in_place([IH, IW], [OH, OW], 1, [KH, KW], [SH, SW]));
            let data = (i8s(IN), i8s(WN), biases(C), multipliers(C), shifts(C), in_place_quant());
            check(data, |(input, weights, bias, mult, shift, q)| {
                let mut folded = [0i32; C];
                prepare::fold_bias_depthwise(&bias, &weights, -q.input_offset, &mut folded);
                let mut buffer: [i8; IN] = *arr(&input);
                depthwise_conv2d_per_channel_in_place::<IH, IW, C, OH, OW, 1, KH, KW, SH, SW, PT, PL, C, IN, OUT, WN>(
                    &mut buffer, arr(&weights), &folded, arr(&mult), arr(&shift), q,
                );
                let mut want = [0i8; OUT];
                let mut p = in_place_params(q, [SH, SW], [PT, PL]);
                p.depth_multiplier = 1;
                reference::depthwise_conv_per_channel(
                    &p, &mult, &shift, &input, [1, IH, IW, C], &weights,
                    [1, KH, KW, C], Some(&bias), &mut want, [1, OH, OW, C],
                );
                prop_assert_eq!(&buffer[..OUT], &want[..]);
                Ok(())
            });
        }
    };
}

/// Quantizations for the in-place tests: any zero points and clamps, and
/// now and then an input offset beyond `i8` (the general fallbacks).
fn in_place_quant() -> impl Strategy<Value = ConvQuant> {
    let offset = prop_oneof![9 => any::<i8>().prop_map(|zp| -i32::from(zp)), 1 => Just(1000)];
    (offset, any::<i8>(), clamps()).prop_map(|(input_offset, zp_out, (lo, hi))| ConvQuant {
        input_offset,
        output_offset: zp_out.into(),
        act_min: lo,
        act_max: hi,
    })
}

fn in_place_params(q: ConvQuant, stride: [usize; 2], pad: [usize; 2]) -> ConvParams {
    ConvParams {
        stride_h: stride[0],
        stride_w: stride[1],
        dilation_h: 1,
        dilation_w: 1,
        pad_h: pad[0],
        pad_w: pad[1],
        input_offset: q.input_offset,
        output_offset: q.output_offset,
        act_min: q.act_min.into(),
        act_max: q.act_max.into(),
        depth_multiplier: 1,
    }
}

in_place_cases! {
    // Blocks of eight pixels with a short last block (12 = 8 + 4, 125 =
    // 15 · 8 + 5), of four (more than 128 taps), as many output channels
    // as input channels, fewer than four pixels and more than 256 taps
    // (the general fallback).
    in_place_tail: in [4, 3, 5], pointwise { oc 3 }
    in_place_kws_pointwise: in [25, 5, 64], pointwise { oc 64 }
    in_place_four_pixel_blocks: in [3, 3, 200], pointwise { oc 7 }
    in_place_equal_channels: in [2, 5, 6], pointwise { oc 6 }
    in_place_three_pixels: in [1, 3, 4], pointwise { oc 3 }
    in_place_257_taps: in [2, 3, 257], pointwise { oc 2 }
    // KWS's depthwise; padding, stride 2 (odd and even inputs), odd rows.
    in_place_kws_depthwise: in [25, 5, 8], depthwise { kernel [3, 3], stride [1, 1], same true }
    in_place_dw_valid: in [6, 5, 3], depthwise { kernel [3, 3], stride [1, 1], same false }
    in_place_dw_stride2_odd: in [7, 7, 2], depthwise { kernel [3, 3], stride [2, 2], same true }
    in_place_dw_stride2_even: in [8, 6, 3], depthwise { kernel [3, 3], stride [2, 2], same true }
    in_place_dw_5x5: in [5, 4, 2], depthwise { kernel [5, 5], stride [1, 1], same true }
}
