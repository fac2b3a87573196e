//! The digits int8 model on an ESP32-C3 (RISC-V at 160 MHz): runs the first
//! held-out images, prints each prediction, its label, whether the output is
//! tflite-micro's byte for byte and the cycles of the inference (the CPU's
//! performance counter) on the serial console; then again every five
//! seconds. See README.md.
#![no_std]
#![no_main]

use boards_common::{CycleCounter, IMAGES, Outcome};
use esp_backtrace as _;
use esp_hal::clock::CpuClock;
use esp_hal::delay::Delay;
use esp_hal::main;
use esp_println::println;

esp_bootloader_esp_idf::esp_app_desc!();

/// The ESP32-C3 has no `mcycle` CSR: its core counts cycles in its own
/// machine performance counter, `mpccr` (CSR 0x7e2), once `mpcer` (0x7e0)
/// selects the cycle event and `mpcmr` (0x7e1) enables counting (ESP32-C3
/// TRM, "Performance Counter"). 32 bits, so it wraps after 26 s at 160 MHz.
struct PerformanceCounter;

// esp-hal has no public API for this counter; these three CSR accesses are
// the only unsafe code of the examples.
#[allow(unsafe_code)]
impl PerformanceCounter {
    /// Counts every cycle, wrapping at 2^32 (no saturation).
    fn start() -> Self {
        // SAFETY: writing these machine-mode CSRs only configures the
        // performance counter; the firmware runs in machine mode.
        unsafe {
            core::arch::asm!("csrw 0x7e0, {0}", "csrw 0x7e1, {0}", in(reg) 1u32);
        }
        Self
    }
}

impl CycleCounter for PerformanceCounter {
    #[allow(unsafe_code)]
    fn read(&mut self) -> u32 {
        let cycles: u32;
        // SAFETY: reading the counter has no side effect.
        unsafe {
            core::arch::asm!("csrr {0}, 0x7e2", out(reg) cycles);
        }
        cycles
    }
}

#[main]
fn main() -> ! {
    let _peripherals = esp_hal::init(esp_hal::Config::default().with_cpu_clock(CpuClock::max()));
    let mut counter = PerformanceCounter::start();
    let delay = Delay::new();

    println!("tinyml digits int8 on ESP32-C3 (RISC-V, 160 MHz), {IMAGES} images");
    let mut round = 0u32;
    loop {
        round += 1;
        let summary = boards_common::run(&mut counter, report);
        println!(
            "round {round}: {}/{} correct, {}/{} outputs byte-exact vs TFLM, {}..{} cycles per inference",
            summary.correct,
            summary.images,
            summary.matching_tflm,
            summary.images,
            summary.min_cycles,
            summary.max_cycles
        );
        delay.delay_millis(5000);
    }
}

/// Prints one image's outcome.
fn report(o: &Outcome) {
    let tflm = if o.matches_tflm {
        "TFLM byte-exact"
    } else {
        "output DIFFERS from TFLM"
    };
    println!(
        "image {}: predicted {}, label {}, {tflm}, {} cycles",
        o.image, o.predicted, o.label, o.cycles
    );
}
