//! Firmware for QEMU `mps2-an386` (Cortex-M4F): runs each model on held-out
//! inputs, checks every prediction against the expected one, prints the
//! instruction counts and the peak stack, and exits non-zero on a mismatch.
//!
//! `cargo run --release` in this folder runs it (see `.cargo/config.toml`).
#![no_std]
#![no_main]

use cortex_m_rt::entry;
use cortex_m_semihosting::hprintln;
use panic_semihosting as _;
use tinyml_cortex_m4::count::Counter;
use tinyml_cortex_m4::models::{argmax, placeholder};
use tinyml_cortex_m4::report::{self, Bench, Stats};
use tinyml_cortex_m4::stack::peak_stack;

/// One model to check and measure.
struct Case<I, O> {
    model: &'static str,
    kind: &'static str,
    macs: u64,
    ram_bytes: usize,
    weight_bytes: usize,
    /// Number of test inputs.
    inputs: u32,
    input: fn(u32) -> I,
    predict: fn(&I) -> O,
    class: fn(&O) -> usize,
    expected: fn(u32, &I) -> usize,
}

/// Checks and measures one model; returns (passed, failed).
fn run<I, O>(counter: &Counter, case: &Case<I, O>) -> (u32, u32) {
    let (mut passed, mut failed) = (0, 0);
    let mut stats = Stats::default();
    for index in 0..case.inputs {
        let input = (case.input)(index);
        let mut output = None;
        let insns = counter.measure(&mut || output = Some((case.predict)(&input)));
        stats.add(insns);
        let Some(output) = output else { continue };
        let got = (case.class)(&output);
        let want = (case.expected)(index, &input);
        if got == want {
            passed += 1;
        } else {
            failed += 1;
            hprintln!(
                "MISMATCH model={} input={} got={} want={}",
                case.model,
                index,
                got,
                want
            );
        }
    }
    let input = (case.input)(0);
    let stack_bytes = peak_stack(&mut || {
        core::hint::black_box((case.predict)(core::hint::black_box(&input)));
    });
    let (insns_min, insns_mean, insns_max) = stats.summary();
    Bench {
        model: case.model,
        kind: case.kind,
        macs: case.macs,
        insns_min,
        insns_mean,
        insns_max,
        stack_bytes,
        ram_bytes: case.ram_bytes,
        weight_bytes: case.weight_bytes,
        checked: passed + failed,
    }
    .print();
    (passed, failed)
}

#[entry]
fn main() -> ! {
    let Some(peripherals) = cortex_m::Peripherals::take() else {
        hprintln!("peripherals already taken");
        report::exit(false);
    };
    let counter = Counter::start(peripherals.SYST);
    let (mut passed, mut failed) = (0, 0);

    let results = [run(
        &counter,
        &Case {
            model: "placeholder",
            kind: "f32",
            macs: placeholder::MACS,
            ram_bytes: placeholder::RAM_BYTES,
            weight_bytes: placeholder::WEIGHT_BYTES,
            inputs: 8,
            input: placeholder::test_input,
            predict: placeholder::predict,
            class: argmax,
            expected: |_, input| argmax(&placeholder::reference(input)),
        },
    )];
    for (p, f) in results {
        passed += p;
        failed += f;
    }

    hprintln!("cortex-m4: {} passed, {} failed", passed, failed);
    report::exit(failed == 0)
}
