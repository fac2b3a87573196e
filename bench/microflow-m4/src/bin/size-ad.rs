//! Size probe of microflow's `ad`; see `size-baseline.rs`.
#![no_std]
#![no_main]

use cortex_m_rt::entry;
use m4_harness::probe;
use panic_semihosting as _;

#[entry]
fn main() -> ! {
    #[cfg(mlperf)]
    {
        let data: [u8; microflow_m4::ad::INPUT_LEN] = probe::input();
        let input = microflow_m4::ad::input_from(&data);
        probe::output(&[microflow_m4::ad::predict(&input)])
    }
    #[cfg(not(mlperf))]
    probe::output(&[0u8])
}
