//! Firmware for QEMU `mps2-an386` (Cortex-M4F): runs the digits model in
//! f32, I16F16 and I8F8 on every held-out image, checking each prediction
//! against the host's (and, in f32, Keras'), the digits model in int8 on
//! every held-out image and the four MLPerf Tiny int8 models on their
//! reference vectors, each output byte for byte against TensorFlow Lite
//! Micro's, and (on cores with an FPU) KWS, IC and AD in f32, each output
//! within [`F32_TOLERANCE`] of TensorFlow Lite's; prints instruction counts (per inference, and per layer for the
//! int8 models), peak stack, and exits non-zero on a mismatch.
//!
//! `cargo run --release` in this folder runs it (see `.cargo/config.toml`);
//! `--target` runs the same on Cortex-M3, M33, M0+ code or RISC-V.
#![no_std]
#![no_main]

use core::cell::RefCell;

use m4_harness::count::Counter;
use m4_harness::entry;
use m4_harness::report;
use m4_harness::run::{self, Case, Model, Verdict};
use tinyml::fixed::types::{I8F8, I16F16};
use tinyml_cortex_m4::dsp_check;
use tinyml_cortex_m4::models::digits::{self, Digits, DigitsI8F8, DigitsI16F16};
use tinyml_cortex_m4::models::digits_int8::{self, DigitsInt8};
use tinyml_cortex_m4::models::gestures::{self, Gestures};
use tinyml_cortex_m4::models::{argmax, max_abs_diff};

/// The name on the firmware's last line (`<name>: N passed, M failed`).
const FIRMWARE: &str = if cfg!(target_arch = "riscv32") {
    "riscv32imac"
} else {
    "cortex-m4"
};

/// The held-out images checked (all of them).
const IMAGES: u32 = digits::IMAGES as u32;

#[entry]
fn main() -> ! {
    let counter = Counter::take();
    // The DSP instructions before any model uses them.
    match dsp_check::run(10_000) {
        Ok(()) if tinyml_kernels::arch::DSP => report::say(
            "DSP instructions (SXTB16, SMLAD): equal to their portable definitions on 10,720 inputs",
        ),
        Ok(()) => report::say(
            "no DSP instructions on this target: the kernels use the portable definitions",
        ),
        Err(instruction) => {
            report::say(instruction);
            report::exit(false)
        }
    }

    let f32_model = Case {
        model: "digits-f32",
        kind: "f32",
        macs: Digits::MACS as u64,
        ram_bytes: Digits::RAM_BYTES,
        weight_bytes: digits::weight_bytes::<f32>(),
        inputs: IMAGES,
        input: digits::image,
        state: RefCell::new(Digits::new()),
        predict: |model, input| *model.predict(input),
        observed: Some(|model, input, observer| {
            model.predict_observed(input, observer);
        }),
        // The host's class and Keras' class (the two agree on every image).
        check: |index, _, output| {
            let host = digits::host(&digits::HOST_F32, index);
            let (got, want) = (argmax(output), argmax(&host));
            let mut verdict = Verdict::class(got, want, max_abs_diff(output, &host));
            verdict.pass &= got == argmax(&digits::keras(index));
            verdict
        },
    };
    let wide = Case {
        model: "digits-i16f16",
        kind: "I16F16",
        macs: DigitsI16F16::MACS as u64,
        ram_bytes: DigitsI16F16::RAM_BYTES,
        weight_bytes: digits::weight_bytes::<I16F16>(),
        inputs: IMAGES,
        input: |index| digits::image(index).map(I16F16::from_num),
        state: RefCell::new(DigitsI16F16::new()),
        predict: |model, input| *model.predict(input),
        observed: Some(|model, input, observer| {
            model.predict_observed(input, observer);
        }),
        check: |index, _, output| {
            let output = &output.map(|q| q.to_num::<f32>());
            let host = digits::host(&digits::HOST_I16F16, index);
            Verdict::class(argmax(output), argmax(&host), max_abs_diff(output, &host))
        },
    };
    let narrow = Case {
        model: "digits-i8f8",
        kind: "I8F8",
        macs: DigitsI8F8::MACS as u64,
        ram_bytes: DigitsI8F8::RAM_BYTES,
        weight_bytes: digits::weight_bytes::<I8F8>(),
        inputs: IMAGES,
        input: |index| digits::image(index).map(I8F8::from_num),
        state: RefCell::new(DigitsI8F8::new()),
        predict: |model, input| *model.predict(input),
        observed: Some(|model, input, observer| {
            model.predict_observed(input, observer);
        }),
        check: |index, _, output| {
            let output = &output.map(|q| q.to_num::<f32>());
            let host = digits::host(&digits::HOST_I8F8, index);
            Verdict::class(argmax(output), argmax(&host), max_abs_diff(output, &host))
        },
    };
    let int8 = Case {
        model: "digits-int8",
        kind: "int8",
        macs: DigitsInt8::MACS as u64,
        ram_bytes: DigitsInt8::RAM_BYTES,
        weight_bytes: digits_int8::WEIGHT_BYTES,
        inputs: IMAGES,
        input: digits_int8::image,
        state: RefCell::new(DigitsInt8::new()),
        predict: |model, input| *model.predict(input),
        observed: Some(|model, input, observer| {
            model.predict_observed(input, observer);
        }),
        // tflite-micro's output, byte for byte.
        check: |index, _, output| Verdict::bytes(output, &digits_int8::tflm(index)),
    };
    // The streaming gesture model: whole windows, and frame by frame.
    let gestures_predict = Case {
        model: "gestures-int8",
        kind: "int8",
        macs: Gestures::MACS as u64,
        ram_bytes: Gestures::RAM_BYTES,
        weight_bytes: Gestures::PARAMS,
        inputs: gestures::WINDOWS,
        input: gestures::window,
        state: RefCell::new(Gestures::new()),
        predict: |model, input| *model.predict(input),
        observed: None,
        // The same window stepped through frame by frame after `reset()`.
        check: |_, input, output| match gestures::stepped(input) {
            Some(stepped) => Verdict::bytes(output, &stepped),
            None => Verdict::bytes(output, &[]),
        },
    };
    let gestures_step = Case {
        model: "gestures-int8-step",
        kind: "step",
        macs: Gestures::MACS as u64,
        ram_bytes: Gestures::RAM_BYTES,
        weight_bytes: Gestures::PARAMS,
        inputs: gestures::FRAMES,
        input: gestures::frame,
        state: RefCell::new(Gestures::new()),
        predict: |model, frame| model.step(frame).copied(),
        observed: None,
        // An output every fourth frame; once a window has arrived, `predict`'s
        // over the last 40 frames.
        check: |index, _, output| match (
            output,
            gestures::emits(index),
            gestures::expected_step(index),
        ) {
            (Some(got), true, Some(want)) => Verdict::bytes(got, &want),
            (Some(_), true, None) | (None, false, _) => Verdict::bytes(&[], &[]),
            (Some(got), false, _) => Verdict::bytes(got, &[]),
            (None, true, _) => Verdict::bytes(&[], &[0]),
        },
    };
    // The models that need nothing beyond the repository.
    let [a, b, c, d, e, f]: [&dyn Model; 6] = [
        &f32_model,
        &wide,
        &narrow,
        &int8,
        &gestures_predict,
        &gestures_step,
    ];
    #[cfg(not(mlperf))]
    {
        m4_harness::report::say(
            "no MLPerf Tiny models: TINYML_MLPERF_DIR unset and ../shared/mlperf-tiny absent; built without them",
        );
        run::main(FIRMWARE, counter, &[a, b, c, d, e, f])
    }
    #[cfg(all(mlperf, not(mlperf_f32)))]
    {
        let (kws, vww, ic, ad) = (mlperf!(kws), mlperf!(vww), mlperf!(ic), mlperf!(ad));
        run::main(FIRMWARE, counter, &[a, b, c, d, e, f, &kws, &vww, &ic, &ad])
    }
    #[cfg(mlperf_f32)]
    {
        let (kws, vww, ic, ad) = (mlperf!(kws), mlperf!(vww), mlperf!(ic), mlperf!(ad));
        let kws_f32 = mlperf_f32!(kws_f32, "kws-f32");
        let ic_f32 = mlperf_f32!(ic_f32, "ic-f32");
        let ad_f32 = mlperf_f32!(ad_f32, "ad-f32");
        run::main(
            FIRMWARE,
            counter,
            &[
                a, b, c, d, e, f, &kws, &vww, &ic, &ad, &kws_f32, &ic_f32, &ad_f32,
            ],
        )
    }
}

/// Largest absolute difference from TensorFlow Lite's output that an f32
/// MLPerf model's output may have (the host's zoo tests use the same).
#[cfg(mlperf_f32)]
const F32_TOLERANCE: f32 = 1e-4;

/// The [`Case`] of an MLPerf Tiny int8 model: every embedded reference
/// vector, each output byte for byte against TFLM's.
#[cfg(mlperf)]
macro_rules! mlperf {
    ($m:ident) => {{
        use tinyml_cortex_m4::models::mlperf::$m;
        Case {
            model: stringify!($m),
            kind: "int8",
            macs: $m::Model::MACS as u64,
            ram_bytes: $m::Model::RAM_BYTES,
            weight_bytes: $m::WEIGHT_BYTES,
            inputs: $m::VECTORS as u32,
            input: $m::input,
            state: RefCell::new($m::Model::new()),
            predict: |model, input| *model.predict(input),
            observed: Some(|model, input, observer| {
                model.predict_observed(input, observer);
            }),
            check: |index, _, output| Verdict::bytes(output, &$m::expected(index)),
        }
    }};
}
#[cfg(mlperf)]
use mlperf;

/// The [`Case`] of an MLPerf Tiny f32 model: every embedded reference
/// vector, each output within [`F32_TOLERANCE`] of TFLite's (the reported
/// classes are the outputs' argmax).
#[cfg(mlperf_f32)]
macro_rules! mlperf_f32 {
    ($m:ident, $name:literal) => {{
        use tinyml_cortex_m4::models::mlperf::$m;
        Case {
            model: $name,
            kind: "f32",
            macs: $m::Model::MACS as u64,
            ram_bytes: $m::Model::RAM_BYTES,
            weight_bytes: $m::WEIGHT_BYTES,
            inputs: $m::VECTORS as u32,
            input: $m::input,
            state: RefCell::new($m::Model::new()),
            predict: |model, input| *model.predict(input),
            observed: Some(|model, input, observer| {
                model.predict_observed(input, observer);
            }),
            check: |index, _, output| {
                let want = $m::expected(index);
                let diff = max_abs_diff(output, &want);
                let mut verdict = Verdict::class(argmax(output), argmax(&want), diff);
                verdict.pass = diff <= F32_TOLERANCE;
                verdict
            },
        }
    }};
}
#[cfg(mlperf_f32)]
use mlperf_f32;
