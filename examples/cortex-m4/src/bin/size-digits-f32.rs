//! Size probe of the digits model in f32; see `size-baseline.rs`.
#![no_std]
#![no_main]

use cortex_m_rt::entry;
use m4_harness::probe;
use panic_semihosting as _;
use tinyml_cortex_m4::models::digits::Digits;

#[entry]
fn main() -> ! {
    let mut model = Digits::new();
    probe::output(model.predict(&probe::input()))
}
