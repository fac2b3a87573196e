//! Size probe without a model: the same volatile input and output as the
//! `size-<model>` probes. `bench/run.sh` subtracts its sizes from theirs.
#![no_std]
#![no_main]

use cortex_m_rt::entry;
use m4_harness::probe;
use panic_semihosting as _;

#[entry]
fn main() -> ! {
    let input: [i8; 64] = probe::input();
    let mut output = [0i8; 10];
    output.copy_from_slice(&input[..10]);
    probe::output(&output)
}
