//! The digits int8 model on an Arduino Nano 33 BLE Sense (nRF52840,
//! Cortex-M4F at 64 MHz): runs the first held-out images, prints each
//! prediction, its label, whether the output is tflite-micro's byte for byte
//! and the cycles of the inference (DWT CYCCNT), over RTT with `defmt`; then
//! again every five seconds. See README.md.
#![no_std]
#![no_main]

use boards_common::{CycleCounter, IMAGES, Outcome};
use cortex_m::peripheral::DWT;
use defmt::{error, info};
use defmt_rtt as _;
use embassy_executor::Spawner;
use embassy_time::Timer;
use panic_probe as _;

/// The Cortex-M4's cycle counter, DWT CYCCNT: 32 bits of core clock cycles.
struct Cyccnt;

impl CycleCounter for Cyccnt {
    fn read(&mut self) -> u32 {
        DWT::cycle_count()
    }
}

#[embassy_executor::main]
async fn main(_spawner: Spawner) {
    // The default configuration: the CPU runs at 64 MHz from the internal
    // oscillator, which is all an inference needs.
    let _peripherals = embassy_nrf::init(Default::default());
    let mut core = defmt::unwrap!(cortex_m::Peripherals::take());
    core.DCB.enable_trace();
    core.DWT.enable_cycle_counter();

    info!(
        "tinyml digits int8 on nRF52840 (Cortex-M4F, 64 MHz), {} images",
        IMAGES
    );
    for round in 1.. {
        let summary = boards_common::run(&mut Cyccnt, report);
        info!(
            "round {}: {}/{} correct, {}/{} outputs byte-exact vs TFLM, {}..{} cycles per inference",
            round,
            summary.correct,
            summary.images,
            summary.matching_tflm,
            summary.images,
            summary.min_cycles,
            summary.max_cycles
        );
        Timer::after_secs(5).await;
    }
}

/// Prints one image's outcome: a mismatch with TFLM as an error.
fn report(o: &Outcome) {
    if o.matches_tflm {
        info!(
            "image {}: predicted {}, label {}, TFLM byte-exact, {} cycles",
            o.image, o.predicted, o.label, o.cycles
        );
    } else {
        error!(
            "image {}: predicted {}, label {}, output DIFFERS from TFLM, {} cycles",
            o.image, o.predicted, o.label, o.cycles
        );
    }
}
