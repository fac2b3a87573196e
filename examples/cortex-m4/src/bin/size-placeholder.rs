//! Size probe of the placeholder model; see `size-baseline.rs`.
#![no_std]
#![no_main]

use cortex_m_rt::entry;
use m4_harness::probe;
use panic_semihosting as _;
use tinyml_cortex_m4::models::placeholder;

#[entry]
fn main() -> ! {
    probe::output(&placeholder::predict(&probe::input()))
}
