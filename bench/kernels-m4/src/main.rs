//! tinyml's `int8` kernels at the shapes of MLPerf Tiny KWS (DS-CNN) on QEMU
//! `mps2-an386` (Cortex-M4F): instructions per call and per MAC of each
//! kernel, its peak stack, and a hash of its output, which must also equal
//! the TFLM reference (`int8::reference`) run on the target, or the run fails.
//!
//! Each kernel is called through an `#[inline(never)]` wrapper (`k_*`, whose
//! symbol size is the kernel's code size) on fixed pseudo-random data with
//! plausible quantization. KWS runs the first convolution once, the depthwise
//! and pointwise layers four times each, then the average pool, the dense
//! layer and the softmax: the `KWS` line sums them so.
//!
//! `cargo run --release` in this folder (or `bash run.sh`, which adds code
//! sizes).
#![no_std]
#![no_main]

use core::hint::black_box;

use cortex_m_rt::entry;
use cortex_m_semihosting::hprintln;
use m4_harness::count::Counter;
use m4_harness::report;
use m4_harness::stack::peak_stack;
use panic_semihosting as _;
use tinyml_kernels::int8::conv::{ConvQuant, conv2d_per_channel, depthwise_conv2d_per_channel};
use tinyml_kernels::int8::fully_connected::{DenseQuant, dense};
use tinyml_kernels::int8::pooling::{PoolQuant, avg_pool};
use tinyml_kernels::int8::prepare::{self, TensorQuant};
use tinyml_kernels::int8::reference::{self, ConvParams, FcParams, PoolParams};
use tinyml_kernels::int8::softmax::{SoftmaxQuant, softmax};

/// KWS's activation shape after the first layer: 25 × 5 pixels × 64 channels.
const H: usize = 25;
const W: usize = 5;
const C: usize = 64;
const ACT: usize = H * W * C;
/// The MFCC input: 49 × 10 × 1.
const IN_H: usize = 49;
const IN_W: usize = 10;
const IN0: usize = IN_H * IN_W;
/// The first convolution: 10 × 4, stride 2, `same` (padding 4 above, 1 left).
const K0H: usize = 10;
const K0W: usize = 4;
const W0: usize = C * K0H * K0W;
/// Depthwise 3 × 3 and pointwise 1 × 1 weights.
const WDW: usize = 3 * 3 * C;
const WPW: usize = C * C;
/// The classifier.
const CLASSES: usize = 12;
const WFC: usize = CLASSES * C;

/// xorshift32: fixed pseudo-random data.
struct Rng(u32);

impl Rng {
    fn next(&mut self) -> u32 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.0 = x;
        x
    }

    fn i8s<const N: usize>(&mut self) -> [i8; N] {
        core::array::from_fn(|_| (self.next() >> 24) as u8 as i8)
    }

    /// Uniform in `lo..lo + span`.
    fn range(&mut self, lo: i32, span: u32) -> i32 {
        lo.wrapping_add((self.next() % span) as i32)
    }
}

/// A convolution's quantization with a ReLU output of zero point -128, as
/// in KWS. `tiny_model!` writes it as a struct literal at each call, but a
/// kernel called from several layers (KWS's four depthwise and four
/// pointwise layers share their instances) is not inlined into them and
/// sees it as a run-time value: the wrappers pass it through `black_box`
/// so that the kernels here compile as they do in a model.
const fn conv_quant(input_zero_point: i32) -> ConvQuant {
    ConvQuant {
        input_offset: -input_zero_point,
        output_offset: -128,
        act_min: -128,
        act_max: 127,
    }
}

/// The MFCC input's zero point in KWS.
const MFCC_ZERO_POINT: i32 = 101;

/// The zero point of the post-ReLU activations.
const ACT_ZERO_POINT: i32 = -128;

/// The pools' and the dense layer's quantization, constants as well.
const POOL_QUANT: PoolQuant = PoolQuant {
    act_min: -128,
    act_max: 127,
};
const DENSE_QUANT: DenseQuant = DenseQuant {
    output_offset: 12,
    act_min: -128,
    act_max: 127,
};
const DENSE_MULTIPLIER: i32 = 1_518_500_250;
const DENSE_SHIFT: i32 = -8;

/// A per-channel convolution's parameters, prepared as the macro does.
struct Conv<const WN: usize> {
    weights: [i8; WN],
    bias: [i32; C],
    folded: [i32; C],
    multipliers: [i32; C],
    shifts: [i32; C],
    quant: ConvQuant,
}

impl<const WN: usize> Conv<WN> {
    fn new(rng: &mut Rng, input_zero_point: i32, depthwise: bool) -> Self {
        let weights = rng.i8s();
        let bias = core::array::from_fn(|_| rng.range(-4096, 8192));
        // Q31 multipliers in [2^30, 2^31) and shifts of a scale ~2^-8.
        let multipliers = core::array::from_fn(|_| rng.range(1 << 30, 1 << 30));
        let shifts = core::array::from_fn(|_| rng.range(-10, 3));
        let mut folded = [0; C];
        if depthwise {
            prepare::fold_bias_depthwise(&bias, &weights, input_zero_point, &mut folded);
        } else {
            prepare::fold_bias_rows(&bias, &weights, input_zero_point, &mut folded);
        }
        Self {
            weights,
            bias,
            folded,
            multipliers,
            shifts,
            quant: conv_quant(input_zero_point),
        }
    }

    fn params(&self, stride: usize, pad_h: usize, pad_w: usize) -> ConvParams {
        ConvParams {
            stride_h: stride,
            stride_w: stride,
            dilation_h: 1,
            dilation_w: 1,
            pad_h,
            pad_w,
            input_offset: self.quant.input_offset,
            output_offset: self.quant.output_offset,
            act_min: self.quant.act_min.into(),
            act_max: self.quant.act_max.into(),
            depth_multiplier: 1,
        }
    }
}

#[inline(never)]
fn k_first_conv(input: &[i8; IN0], l: &Conv<W0>, output: &mut [i8; ACT]) {
    conv2d_per_channel::<IN_H, IN_W, 1, H, W, C, K0H, K0W, 2, 2, 4, 1, IN0, ACT, W0>(
        input,
        &l.weights,
        &l.folded,
        &l.multipliers,
        &l.shifts,
        output,
        black_box(conv_quant(MFCC_ZERO_POINT)),
    );
}

#[inline(never)]
fn k_depthwise(input: &[i8; ACT], l: &Conv<WDW>, output: &mut [i8; ACT]) {
    depthwise_conv2d_per_channel::<H, W, C, H, W, 1, 3, 3, 1, 1, 1, 1, C, ACT, ACT, WDW>(
        input,
        &l.weights,
        &l.folded,
        &l.multipliers,
        &l.shifts,
        output,
        black_box(conv_quant(ACT_ZERO_POINT)),
    );
}

#[inline(never)]
fn k_pointwise(input: &[i8; ACT], l: &Conv<WPW>, output: &mut [i8; ACT]) {
    conv2d_per_channel::<H, W, C, H, W, C, 1, 1, 1, 1, 0, 0, ACT, ACT, WPW>(
        input,
        &l.weights,
        &l.folded,
        &l.multipliers,
        &l.shifts,
        output,
        black_box(conv_quant(ACT_ZERO_POINT)),
    );
}

#[inline(never)]
fn k_avg_pool(input: &[i8; ACT], output: &mut [i8; C]) {
    avg_pool::<H, W, C, 1, 1, H, W, H, W, 0, 0, ACT, C>(input, output, black_box(POOL_QUANT));
}

/// The dense layer's parameters.
struct Dense {
    weights: [i8; WFC],
    bias: [i32; CLASSES],
    folded: [i32; CLASSES],
    multiplier: i32,
    shift: i32,
    input_zero_point: i32,
    quant: DenseQuant,
}

#[inline(never)]
fn k_dense(input: &[i8; C], l: &Dense, output: &mut [i8; CLASSES]) {
    dense::<C, CLASSES, WFC>(
        input,
        &l.weights,
        &l.folded,
        DENSE_MULTIPLIER,
        DENSE_SHIFT,
        output,
        black_box(DENSE_QUANT),
    );
}

#[inline(never)]
fn k_softmax(input: &[i8; CLASSES], output: &mut [i8; CLASSES], quant: SoftmaxQuant) {
    softmax::<CLASSES>(input, output, quant);
}

/// FNV-1a of the output bytes: equal hashes before and after a change of
/// a kernel mean the same output.
fn fnv(bytes: &[i8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |h, &b| {
        (h ^ u32::from(b as u8)).wrapping_mul(0x0100_0193)
    })
}

/// Instructions and peak stack of one kernel call.
fn measure(counter: &Counter, run: &mut dyn FnMut()) -> (u64, usize) {
    let insns = counter.measure(run);
    (insns, peak_stack(run))
}

/// Prints a kernel's line and counts a mismatch; returns its instructions.
fn line(
    name: &str,
    macs: u64,
    (insns, stack): (u64, usize),
    hash: u32,
    pass: bool,
    failures: &mut u32,
) -> u64 {
    if !pass {
        *failures += 1;
    }
    // Hundredths of an instruction per MAC, in integers.
    let per_mac = (insns * 100 + macs / 2) / macs.max(1);
    hprintln!(
        "KERNEL {:<11} insns={:>8} macs={:>6} insns_per_mac={}.{:02} stack={:>4} hash={:08x} {}",
        name,
        insns,
        macs,
        per_mac / 100,
        per_mac % 100,
        stack,
        hash,
        if pass { "ok" } else { "MISMATCH" }
    );
    insns
}

#[entry]
fn main() -> ! {
    let Some(peripherals) = cortex_m::Peripherals::take() else {
        report::exit(false)
    };
    let mut counter = Counter::start(peripherals.SYST);
    if counter.calibrate().is_err() {
        hprintln!("kernels-m4: the instruction counter failed its calibration");
        report::exit(false);
    }

    let mut rng = Rng(0x2545_f491);
    let mut failures = 0;

    // The MFCC input (zero point 101 in KWS), the first convolution.
    let mfcc: [i8; IN0] = rng.i8s();
    let conv0 = Conv::<W0>::new(&mut rng, MFCC_ZERO_POINT, false);
    // Post-ReLU activations (zero point -128) into the depthwise and
    // pointwise layers.
    let act: [i8; ACT] = rng.i8s();
    let dw = Conv::<WDW>::new(&mut rng, ACT_ZERO_POINT, true);
    let pw = Conv::<WPW>::new(&mut rng, ACT_ZERO_POINT, false);
    let pooled: [i8; C] = rng.i8s();
    let fc = {
        let weights = rng.i8s();
        let bias = core::array::from_fn(|_| rng.range(-4096, 8192));
        let input_zero_point = ACT_ZERO_POINT;
        let mut folded = [0; CLASSES];
        prepare::fold_bias_rows(&bias, &weights, input_zero_point, &mut folded);
        Dense {
            weights,
            bias,
            folded,
            multiplier: DENSE_MULTIPLIER,
            shift: DENSE_SHIFT,
            input_zero_point,
            quant: DENSE_QUANT,
        }
    };
    let logits: [i8; CLASSES] = rng.i8s();
    let logit_q = TensorQuant {
        scale: 0.125,
        zero_point: 12,
    };
    let prob_q = TensorQuant {
        scale: 1.0 / 256.0,
        zero_point: -128,
    };
    let Ok(softmax_quant) = prepare::softmax(1.0, logit_q, prob_q) else {
        report::exit(false)
    };

    let mut out = [0i8; ACT];
    let mut want = [0i8; ACT];

    let cost = measure(&counter, &mut || {
        k_first_conv(black_box(&mfcc), black_box(&conv0), black_box(&mut out));
    });
    reference::conv_per_channel(
        &conv0.params(2, 4, 1),
        &conv0.multipliers,
        &conv0.shifts,
        &mfcc,
        [1, IN_H, IN_W, 1],
        &conv0.weights,
        [C, K0H, K0W, 1],
        Some(&conv0.bias),
        &mut want,
        [1, H, W, C],
    );
    let macs = (ACT * K0H * K0W) as u64;
    let first = line(
        "first_conv",
        macs,
        cost,
        fnv(&out),
        want == out,
        &mut failures,
    );

    let cost = measure(&counter, &mut || {
        k_depthwise(black_box(&act), black_box(&dw), black_box(&mut out));
    });
    reference::depthwise_conv_per_channel(
        &dw.params(1, 1, 1),
        &dw.multipliers,
        &dw.shifts,
        &act,
        [1, H, W, C],
        &dw.weights,
        [1, 3, 3, C],
        Some(&dw.bias),
        &mut want,
        [1, H, W, C],
    );
    let macs = (ACT * 9) as u64;
    let depthwise = line(
        "depthwise",
        macs,
        cost,
        fnv(&out),
        want == out,
        &mut failures,
    );

    let cost = measure(&counter, &mut || {
        k_pointwise(black_box(&act), black_box(&pw), black_box(&mut out));
    });
    reference::conv_per_channel(
        &pw.params(1, 0, 0),
        &pw.multipliers,
        &pw.shifts,
        &act,
        [1, H, W, C],
        &pw.weights,
        [C, 1, 1, C],
        Some(&pw.bias),
        &mut want,
        [1, H, W, C],
    );
    let macs = (ACT * C) as u64;
    let pointwise = line(
        "pointwise",
        macs,
        cost,
        fnv(&out),
        want == out,
        &mut failures,
    );

    let mut pooled_out = [0i8; C];
    let cost = measure(&counter, &mut || {
        k_avg_pool(black_box(&act), black_box(&mut pooled_out));
    });
    let mut pool_want = [0i8; C];
    let p = PoolParams {
        stride_h: H,
        stride_w: W,
        filter_h: H,
        filter_w: W,
        pad_h: 0,
        pad_w: 0,
        act_min: -128,
        act_max: 127,
    };
    reference::pool(&p, true, &act, [1, H, W, C], &mut pool_want, [1, 1, 1, C]);
    let pass = pool_want == pooled_out;
    let pool = line(
        "avg_pool",
        ACT as u64,
        cost,
        fnv(&pooled_out),
        pass,
        &mut failures,
    );

    let mut fc_out = [0i8; CLASSES];
    let cost = measure(&counter, &mut || {
        k_dense(black_box(&pooled), black_box(&fc), black_box(&mut fc_out));
    });
    let mut fc_want = [0i8; CLASSES];
    let p = FcParams {
        input_offset: -fc.input_zero_point,
        output_offset: fc.quant.output_offset,
        act_min: fc.quant.act_min.into(),
        act_max: fc.quant.act_max.into(),
    };
    reference::fully_connected(
        &p,
        &[fc.multiplier],
        &[fc.shift],
        &pooled,
        &fc.weights,
        Some(&fc.bias),
        &mut fc_want,
        CLASSES,
        None,
    );
    let pass = fc_want == fc_out;
    let dense = line("dense", WFC as u64, cost, fnv(&fc_out), pass, &mut failures);

    let mut probs = [0i8; CLASSES];
    let cost = measure(&counter, &mut || {
        k_softmax(black_box(&logits), black_box(&mut probs), softmax_quant);
    });
    let mut probs_want = [0i8; CLASSES];
    reference::softmax(&softmax_quant, &logits, CLASSES, &mut probs_want);
    let pass = probs_want == probs;
    let soft = line(
        "softmax",
        CLASSES as u64,
        cost,
        fnv(&probs),
        pass,
        &mut failures,
    );

    let macs = (ACT * K0H * K0W + 4 * ACT * 9 + 4 * ACT * C + WFC) as u64;
    let total = first + 4 * depthwise + 4 * pointwise + pool + dense + soft;
    let per_mac = (total * 100 + macs / 2) / macs;
    hprintln!(
        "KWS estimate: insns={} macs={} insns_per_mac={}.{:02} (first_conv + 4 depthwise + 4 pointwise + avg_pool + dense + softmax)",
        total,
        macs,
        per_mac / 100,
        per_mac % 100
    );
    hprintln!("kernels-m4: {} mismatches", failures);
    report::exit(failures == 0)
}
