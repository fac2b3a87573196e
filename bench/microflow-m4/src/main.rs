//! microflow 0.1.3 on QEMU `mps2-an386` (Cortex-M4F), measured by the same
//! harness as our firmware (`examples/cortex-m4`): each MLPerf Tiny int8 model
//! on one reference vector, its instruction count, peak stack and deviation
//! from TFLite's reference output.
//!
//! Classifiers (KWS, VWW) fail the run when their predicted class differs from
//! TFLite's; the autoencoder (AD) only reports its largest deviation (LSB).
#![no_std]
#![no_main]

#[cfg(mlperf)]
use core::cell::RefCell;
use cortex_m_rt::entry;
use m4_harness::count::Counter;
use m4_harness::report;
#[cfg(mlperf)]
use m4_harness::run::{Case, Verdict};
use panic_semihosting as _;

/// A [`Case`] for a generated model module.
#[cfg(mlperf)]
macro_rules! case {
    ($m:ident) => {
        Case {
            model: stringify!($m),
            kind: "int8",
            macs: microflow_m4::$m::MACS,
            // microflow keeps every tensor on the stack: no static RAM.
            ram_bytes: 0,
            weight_bytes: microflow_m4::$m::WEIGHT_BYTES,
            inputs: 1,
            input: microflow_m4::$m::input,
            state: RefCell::new(()),
            predict: |(), input| microflow_m4::$m::predict(input),
            // microflow has no per-layer hook.
            observed: None,
            check: |_, _, output| {
                use microflow_m4::$m::{CLASSIFIER, EXPECTED, quantized};
                let q = quantized(output);
                let diff = microflow_m4::max_lsb_diff(&q, &EXPECTED);
                let want = EXPECTED.map(|b| b as i8);
                if CLASSIFIER {
                    let (got, want) = (microflow_m4::argmax(&q), microflow_m4::argmax(&want));
                    Verdict::class(got, want, diff as f32)
                } else {
                    Verdict {
                        got: i64::from(diff),
                        want: 0,
                        pass: true,
                        diff: diff as f32,
                    }
                }
            },
        }
    };
}

#[entry]
fn main() -> ! {
    let Some(peripherals) = cortex_m::Peripherals::take() else {
        report::exit(false)
    };
    let counter = Counter::start(peripherals.SYST);
    #[cfg(mlperf)]
    {
        let (kws, vww, ad) = (case!(kws), case!(vww), case!(ad));
        m4_harness::run::main("microflow-m4", counter, &[&kws, &vww, &ad])
    }
    #[cfg(not(mlperf))]
    {
        report::say("no MLPerf Tiny models (TINYML_MLPERF_DIR)");
        m4_harness::run::main("microflow-m4", counter, &[])
    }
}
