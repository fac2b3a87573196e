//! Size probe of the placeholder model; see `size-baseline.rs`.
#![no_std]
#![no_main]

use cortex_m_rt::entry;
use panic_semihosting as _;
use tinyml_cortex_m4::{models::placeholder, probe};

#[entry]
fn main() -> ! {
    probe::output(&placeholder::predict(&probe::input()))
}
