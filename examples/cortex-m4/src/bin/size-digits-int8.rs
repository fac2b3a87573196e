//! Size probe of the digits model in int8; see `size-baseline.rs`.
#![no_std]
#![no_main]

use m4_harness::{entry, probe};
use tinyml_cortex_m4::models::digits_int8::DigitsInt8;

/// The inference, kept out of line: `bench/float-check.sh` disassembles it
/// (`size_digits_int8::predict`) and everything it calls.
#[inline(never)]
fn predict<'a>(
    model: &'a mut DigitsInt8,
    input: &[i8; DigitsInt8::INPUT_LEN],
) -> &'a [i8; DigitsInt8::OUTPUT_LEN] {
    model.predict(input)
}

#[entry]
fn main() -> ! {
    let mut model = DigitsInt8::new();
    probe::output(predict(&mut model, &probe::input()))
}
