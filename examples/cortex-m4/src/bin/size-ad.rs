//! Size probe of MLPerf Tiny AD in int8 (built only with the MLPerf models,
//! see `build.rs`; without them an empty probe); see `size-baseline.rs`.
#![no_std]
#![no_main]

use m4_harness::{entry, probe};
#[cfg(mlperf)]
use tinyml_cortex_m4::models::mlperf::ad::Model;

/// The inference, kept out of line: `bench/float-check.sh` disassembles it
/// (`size_ad::predict`) and everything it calls.
#[cfg(mlperf)]
#[inline(never)]
fn predict<'a>(
    model: &'a mut Model,
    input: &[i8; Model::INPUT_LEN],
) -> &'a [i8; Model::OUTPUT_LEN] {
    model.predict(input)
}

#[entry]
fn main() -> ! {
    #[cfg(mlperf)]
    {
        let mut model = Model::new();
        probe::output(predict(&mut model, &probe::input()))
    }
    #[cfg(not(mlperf))]
    probe::output(&[0i8])
}
