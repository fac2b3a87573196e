//! The digits int8 model on an Arduino Nano 33 BLE Sense (nRF52840,
//! Cortex-M4F at 64 MHz): runs the first held-out images, prints each
//! prediction, its label, whether the output is tflite-micro's byte for byte
//! and the cycles of the inference (DWT CYCCNT), over RTT with `defmt`; then
//! again every five seconds, each round after one reading of the board's
//! accelerometer (rev1 boards' LSM9DS1). See README.md.
#![no_std]
#![no_main]

mod imu;

use boards_common::{CycleCounter, IMAGES, Outcome};
use cortex_m::peripheral::DWT;
use defmt::{error, info, warn};
use defmt_rtt as _;
use embassy_executor::Spawner;
use embassy_nrf::gpio::{Level, Output, OutputDrive};
use embassy_nrf::twim::{self, Twim};
use embassy_nrf::{bind_interrupts, peripherals};
use embassy_time::Timer;
use imu::Accelerometer;
use panic_probe as _;

bind_interrupts!(struct Irqs {
    TWISPI0 => twim::InterruptHandler<peripherals::TWISPI0>;
});

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
    let p = embassy_nrf::init(Default::default());
    let mut core = defmt::unwrap!(cortex_m::Peripherals::take());
    // TRCENA only: the trace pins stay GPIOs (CLOCK.TRACECONFIG is left at
    // its reset value), so P1.00, which is also SWO, still switches the I2C
    // pull-ups below.
    core.DCB.enable_trace();
    core.DWT.enable_cycle_counter();
    info!(
        "tinyml digits int8 on nRF52840 (Cortex-M4F, 64 MHz), {} images",
        IMAGES
    );

    // The sensors' supply (VDD_ENV, P0.22) and the internal I2C bus's
    // pull-ups (P1.00), as Arduino's board support sets them; then time for
    // the sensors to boot.
    let _sensor_power = Output::new(p.P0_22, Level::High, OutputDrive::Standard);
    let _i2c_pullups = Output::new(p.P1_00, Level::High, OutputDrive::Standard);
    Timer::after_millis(50).await;
    let mut tx_buffer = [0; 16];
    let bus = Twim::new(
        p.TWISPI0,
        Irqs,
        p.P0_14,
        p.P0_15,
        twim::Config::default(),
        &mut tx_buffer,
    );
    let mut accelerometer = Accelerometer::start(bus)
        .inspect_err(|e| warn!("no accelerometer read: {} (rev2 boards carry a BMI270)", e))
        .ok();

    for round in 1.. {
        if let Some(accelerometer) = &mut accelerometer {
            match accelerometer.read_mg() {
                Ok([x, y, z]) => info!("LSM9DS1 acceleration: x {} mg, y {} mg, z {} mg", x, y, z),
                Err(e) => warn!("LSM9DS1: {}", e),
            }
        }
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
