//! The digits int8 model on a Raspberry Pi Pico (RP2040, Cortex-M0+ at
//! 125 MHz): runs the first held-out images, prints each prediction, its
//! label, whether the output is tflite-micro's byte for byte and the cycles
//! of the inference, over RTT with `defmt`; then again every five seconds.
//! See README.md.
#![no_std]
#![no_main]

use boards_common::{CycleCounter, IMAGES, Outcome};
use cortex_m::peripheral::SYST;
use cortex_m::peripheral::syst::SystClkSource;
use defmt::{error, info};
use defmt_rtt as _;
use embassy_executor::Spawner;
use embassy_time::Timer;
use panic_probe as _;

/// The Cortex-M0+ has no DWT cycle counter: SysTick, clocked by the core and
/// reloaded at 2^24, counts cycles down in 24 bits. The difference of two
/// readings is right up to 2^24 cycles (134 ms at 125 MHz); one digits
/// inference takes about a million.
struct SysTick;

/// SysTick's 24-bit range.
const SYSTICK_MASK: u32 = 0x00FF_FFFF;

impl CycleCounter for SysTick {
    fn read(&mut self) -> u32 {
        SYST::get_current()
    }
    fn elapsed(&self, start: u32, end: u32) -> u32 {
        start.wrapping_sub(end) & SYSTICK_MASK
    }
}

#[embassy_executor::main]
async fn main(_spawner: Spawner) {
    // The default configuration: the system clock runs at 125 MHz from the
    // Pico's 12 MHz crystal.
    let _peripherals = embassy_rp::init(Default::default());
    let mut core = defmt::unwrap!(cortex_m::Peripherals::take());
    core.SYST.set_clock_source(SystClkSource::Core);
    core.SYST.set_reload(SYSTICK_MASK);
    core.SYST.clear_current();
    core.SYST.enable_counter();

    info!(
        "tinyml digits int8 on RP2040 (Cortex-M0+, {} Hz), {} images",
        embassy_rp::clocks::clk_sys_freq(),
        IMAGES
    );
    for round in 1.. {
        let summary = boards_common::run(&mut SysTick, report);
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
