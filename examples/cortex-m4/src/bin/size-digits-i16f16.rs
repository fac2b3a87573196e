//! Size probe of the digits model in I16F16; see `size-baseline.rs`.
#![no_std]
#![no_main]

use m4_harness::{entry, probe};
use tinyml::fixed::types::I16F16;
use tinyml_cortex_m4::models::digits::DigitsI16F16;

/// The inference, kept out of line: `bench/float-check.sh` disassembles it
/// (`size_digits_i16f16::predict`) and everything it calls.
#[inline(never)]
fn predict<'a>(
    model: &'a mut DigitsI16F16,
    input: &[I16F16; DigitsI16F16::INPUT_LEN],
) -> &'a [I16F16; DigitsI16F16::OUTPUT_LEN] {
    model.predict(input)
}

#[entry]
fn main() -> ! {
    let mut model = DigitsI16F16::new();
    probe::output(predict(&mut model, &probe::input()))
}
