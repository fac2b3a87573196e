//! Size probe without a model: reads 64 inputs and writes 10 outputs through
//! volatile accesses. `bench/run.sh` subtracts its section sizes from those of
//! the `size-<model>` probes, which run a model between the same accesses.
#![no_std]
#![no_main]

use m4_harness::{entry, probe};

#[entry]
fn main() -> ! {
    let input: [f32; 64] = probe::input();
    let mut output = [0.0f32; 10];
    output.copy_from_slice(&input[..10]);
    probe::output(&output)
}
