//! Size probe of the digits model in f32; see `size-baseline.rs`.
#![no_std]
#![no_main]

use m4_harness::{entry, probe};
use tinyml_cortex_m4::models::digits::Digits;

/// The inference, kept out of line: `bench/float-check.sh` disassembles it
/// (`size_digits_f32::predict`) and everything it calls.
#[inline(never)]
fn predict<'a>(
    model: &'a mut Digits,
    input: &[f32; Digits::INPUT_LEN],
) -> &'a [f32; Digits::OUTPUT_LEN] {
    model.predict(input)
}

#[entry]
fn main() -> ! {
    let mut model = Digits::new();
    probe::output(predict(&mut model, &probe::input()))
}
