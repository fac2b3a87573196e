//! Size probe of the digits model in I8F8; see `size-baseline.rs`.
#![no_std]
#![no_main]

use m4_harness::{entry, probe};
use tinyml::fixed::types::I8F8;
use tinyml_cortex_m4::models::digits::DigitsI8F8;

/// The inference, kept out of line: `bench/float-check.sh` disassembles it
/// (`size_digits_i8f8::predict`) and everything it calls.
#[inline(never)]
fn predict<'a>(
    model: &'a mut DigitsI8F8,
    input: &[I8F8; DigitsI8F8::INPUT_LEN],
) -> &'a [I8F8; DigitsI8F8::OUTPUT_LEN] {
    model.predict(input)
}

#[entry]
fn main() -> ! {
    let mut model = DigitsI8F8::new();
    probe::output(predict(&mut model, &probe::input()))
}
