//! Firmware for QEMU `mps2-an386` (Cortex-M4F): runs the digits model in
//! f32, I16F16 and I8F8 on every held-out image, checks each prediction
//! against the host's (and, in f32, Keras'), prints instruction counts and
//! peak stack, and exits non-zero on a mismatch.
//!
//! `cargo run --release` in this folder runs it (see `.cargo/config.toml`).
#![no_std]
#![no_main]

use core::cell::RefCell;

use cortex_m_rt::entry;
use m4_harness::count::Counter;
use m4_harness::report;
use m4_harness::run::{self, Case, Verdict};
use panic_semihosting as _;
use tinyml::fixed::types::{I8F8, I16F16};
use tinyml_cortex_m4::models::digits::{self, Digits, DigitsI8F8, DigitsI16F16};
use tinyml_cortex_m4::models::{argmax, max_abs_diff};

/// The held-out images checked (all of them).
const IMAGES: u32 = digits::IMAGES as u32;

#[entry]
fn main() -> ! {
    let Some(peripherals) = cortex_m::Peripherals::take() else {
        report::exit(false)
    };
    let counter = Counter::start(peripherals.SYST);

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
        check: |index, _, output| {
            let output = &output.map(|q| q.to_num::<f32>());
            let host = digits::host(&digits::HOST_I8F8, index);
            Verdict::class(argmax(output), argmax(&host), max_abs_diff(output, &host))
        },
    };
    run::main("cortex-m4", counter, &[&f32_model, &wide, &narrow])
}
