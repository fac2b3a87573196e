//! Size probe of MLPerf Tiny IC in f32 (built only with the MLPerf models, on targets with an FPU,
//! see `build.rs`; otherwise an empty probe); see `size-baseline.rs`.
#![no_std]
#![no_main]

use m4_harness::{entry, probe};
#[cfg(mlperf_f32)]
use tinyml_cortex_m4::models::mlperf::ic_f32::Model;

/// The inference, kept out of line: `bench/float-check.sh` disassembles it
/// (`size_ic_f32::predict`) and everything it calls.
#[cfg(mlperf_f32)]
#[inline(never)]
fn predict<'a>(
    model: &'a mut Model,
    input: &[f32; Model::INPUT_LEN],
) -> &'a [f32; Model::OUTPUT_LEN] {
    model.predict(input)
}

#[entry]
fn main() -> ! {
    #[cfg(mlperf_f32)]
    {
        let mut model = Model::new();
        probe::output(predict(&mut model, &probe::input()))
    }
    #[cfg(not(mlperf_f32))]
    probe::output(&[0.0f32])
}
