//! Firmware for QEMU `mps2-an386` (Cortex-M4F): runs each model on held-out
//! inputs, checks every prediction against the expected one, prints the
//! instruction counts and the peak stack, and exits non-zero on a mismatch.
//!
//! `cargo run --release` in this folder runs it (see `.cargo/config.toml`).
#![no_std]
#![no_main]

use cortex_m_rt::entry;
use m4_harness::count::Counter;
use m4_harness::report;
use m4_harness::run::{self, Case, Verdict};
use panic_semihosting as _;
use tinyml_cortex_m4::models::{argmax, max_abs_diff, placeholder};

#[entry]
fn main() -> ! {
    let Some(peripherals) = cortex_m::Peripherals::take() else {
        report::exit(false)
    };
    let counter = Counter::start(peripherals.SYST);
    let placeholder = Case {
        model: "placeholder",
        kind: "f32",
        macs: placeholder::MACS,
        ram_bytes: placeholder::RAM_BYTES,
        weight_bytes: placeholder::WEIGHT_BYTES,
        inputs: 8,
        input: placeholder::test_input,
        predict: placeholder::predict,
        check: |_, input, output| {
            let want = placeholder::reference(input);
            Verdict::class(argmax(output), argmax(&want), max_abs_diff(output, &want))
        },
    };
    run::main("cortex-m4", &counter, &[&placeholder])
}
