//! Instruction counting with SysTick.
//!
//! QEMU does not emulate the DWT cycle counter, but SysTick runs on virtual
//! time. With `-icount shift=6,align=off,sleep=off` every guest instruction
//! advances virtual time by 2⁶ ns = 64 ns and SysTick counts the core clock
//! (25 MHz on mps2-an385/an386, 40 ns a tick, so `instructions = ticks × 40 /
//! 64 = ticks × 5 / 8`; 20 MHz on mps2-an505, so `ticks × 50 / 64`),
//! identical from run to run. (On real silicon the same code counts cycles.)
//!
//! SysTick is 24 bits wide and wraps every 2²⁴ ticks (~10.5 M instructions);
//! its exception counts the wraps so [`Counter::ticks`] is a 64-bit count.
//! The exception's own instructions are not the measured code's: calibration
//! ([`Counter::calibrate`]) measures them and [`Counter::measure`] subtracts
//! them per wrap, so that a count does not depend on where the wraps fall.

use core::arch::asm;
use core::cell::Cell;
use core::hint::black_box;
use core::sync::atomic::{AtomicU32, Ordering};

use cortex_m::peripheral::{SCB, SYST, syst::SystClkSource};
use cortex_m_rt::exception;

/// Reload value: the full 24-bit range.
const RELOAD: u32 = 0x00FF_FFFF;

/// Number of SysTick wraps since [`Counter::start`].
static WRAPS: AtomicU32 = AtomicU32::new(0);

#[exception]
fn SysTick() {
    // The exception is the only writer and does not preempt itself, so a
    // load and a store suffice (ARMv6-M has no atomic read-modify-write).
    WRAPS.store(WRAPS.load(Ordering::Relaxed) + 1, Ordering::Relaxed);
}

/// A point in time: SysTick wraps and ticks since [`Counter::start`].
#[derive(Clone, Copy)]
pub struct Instant {
    /// Wraps so far.
    pub wraps: u32,
    /// Ticks so far (including those of the wraps).
    pub ticks: u64,
}

/// Free-running SysTick tick counter.
pub struct Counter {
    syst: SYST,
    /// Instructions of one SysTick exception, set by [`Counter::calibrate`].
    wrap_cost: Cell<u64>,
}

impl Counter {
    /// Starts SysTick on the core clock with the wrap interrupt enabled.
    pub fn start(mut syst: SYST) -> Self {
        syst.disable_counter();
        syst.set_clock_source(SystClkSource::Core);
        syst.set_reload(RELOAD);
        syst.clear_current();
        WRAPS.store(0, Ordering::Relaxed);
        syst.enable_interrupt();
        syst.enable_counter();
        Self {
            syst,
            wrap_cost: Cell::new(0),
        }
    }

    /// Stops SysTick and its exception: nothing but the program runs (the
    /// exact counts of the QEMU plugin are taken so).
    pub fn stop(&mut self) {
        self.syst.disable_interrupt();
        self.syst.disable_counter();
    }

    /// Restarts the 24-bit count from the reload value: the next wrap is
    /// 2²⁴ ticks away.
    fn restart(&mut self) {
        cortex_m::interrupt::free(|_| {
            self.syst.clear_current();
            SCB::clear_pendst();
        });
    }

    /// Now.
    ///
    /// A wrap that happened but whose exception has not run yet shows up as a
    /// pending SysTick; it is added here and the counter re-read after it.
    #[inline(always)]
    pub fn now(&self) -> Instant {
        cortex_m::interrupt::free(|_| {
            let mut wraps = WRAPS.load(Ordering::Relaxed);
            let mut current = SYST::get_current();
            if SCB::is_pendst_pending() {
                wraps += 1;
                current = SYST::get_current();
            }
            Instant {
                wraps,
                ticks: (u64::from(wraps) << 24) | u64::from(RELOAD - current),
            }
        })
    }

    /// Ticks since [`Counter::start`].
    #[inline(always)]
    pub fn ticks(&self) -> u64 {
        self.now().ticks
    }

    /// Ticks and wraps spent in `f`, including the fixed cost of the call
    /// and of reading the counter; see [`Counter::measure`] for the net count.
    #[inline(never)]
    pub fn raw(&self, f: &mut dyn FnMut()) -> Instant {
        let start = self.now();
        f();
        let end = self.now();
        Instant {
            wraps: end.wraps - start.wraps,
            ticks: end.ticks - start.ticks,
        }
    }

    /// Instructions executed by `f`, net of the harness: the same call made
    /// with an empty closure is measured and subtracted, and so are the
    /// SysTick exceptions that fell into `f`. Call the code under test
    /// through an `#[inline(never)]` function so that fat LTO cannot move its
    /// instructions across the measurement.
    pub fn measure(&self, f: &mut dyn FnMut()) -> u64 {
        let baseline = self.raw(&mut || {});
        let region = self.raw(f);
        let gross = ticks_to_instructions(region.ticks.saturating_sub(baseline.ticks));
        let wraps = u64::from(region.wraps.saturating_sub(baseline.wraps));
        gross.saturating_sub(wraps * self.wrap_cost.get())
    }

    /// Instructions of one SysTick exception (0 before [`Counter::calibrate`]).
    pub fn wrap_cost(&self) -> u64 {
        self.wrap_cost.get()
    }

    /// Checks the counting method on loops of known length and measures the
    /// cost of a SysTick exception, which [`Counter::measure`] subtracts from
    /// then on. 2000 more loop instructions must measure as 2000 (±1): that
    /// fails, for example, when QEMU runs without `-icount shift=6`, where
    /// SysTick follows the host's clock.
    pub fn calibrate(&mut self) -> Result<Calibration, Calibration> {
        self.wrap_cost.set(0);
        self.restart();
        let short = self.measure(&mut || spin(black_box(1)));
        let long = self.measure(&mut || spin(black_box(1001)));
        let loop_2000 = long.wrapping_sub(short);
        // 2 × LONG instructions span three wraps when started right after a
        // restart (2²⁴ ticks ≈ 10.5 M instructions apart): the excess over
        // the loop is three exceptions, known to ±1/3 of an instruction.
        const LONG: u32 = 16_000_000;
        self.restart();
        let baseline = self.raw(&mut || {});
        let spun = self.raw(&mut || spin(black_box(LONG)));
        let gross = ticks_to_instructions(spun.ticks - baseline.ticks);
        let wraps = u64::from(spun.wraps - baseline.wraps);
        // The loop, and the call of `spin` measured by `short` (2 of which
        // are the loop's).
        let expected = 2 * u64::from(LONG) + short - 2;
        let excess = gross.saturating_sub(expected);
        let wrap_cost = (excess + wraps / 2).checked_div(wraps).unwrap_or(0);
        self.wrap_cost.set(wrap_cost);
        let calibration = Calibration {
            loop_2000,
            wrap_cost,
            wraps,
        };
        if loop_2000.abs_diff(2000) <= 1 && wraps > 0 && wrap_cost < 100 {
            Ok(calibration)
        } else {
            Err(calibration)
        }
    }
}

/// What [`Counter::calibrate`] measured.
pub struct Calibration {
    /// A 2000-instruction loop, as measured (2000 ± 1 when all is well).
    pub loop_2000: u64,
    /// Instructions of one SysTick exception.
    pub wrap_cost: u64,
    /// Wraps seen while measuring `wrap_cost`.
    pub wraps: u64,
}

/// Instructions for a number of SysTick ticks under `-icount shift=6` (±1).
pub const fn ticks_to_instructions(ticks: u64) -> u64 {
    let ns_per_tick = 1000 / CORE_MHZ;
    (ticks * ns_per_tick + 32) / 64
}

/// SysTick's core clock: QEMU's mps2-an385/an386 run at 25 MHz, mps2-an505
/// (the Cortex-M33 board, selected by `build.rs`) at 20 MHz.
#[cfg(not(mps2_an505))]
const CORE_MHZ: u64 = 25;
#[cfg(mps2_an505)]
const CORE_MHZ: u64 = 20;

/// Executes exactly `2 * n` instructions (`n` ≥ 1) plus the call.
#[inline(never)]
#[allow(unsafe_code)]
fn spin(n: u32) {
    // SAFETY: a register-only countdown loop.
    unsafe {
        asm!("2:", "subs {0}, #1", "bne 2b", inout(reg) n => _, options(nomem, nostack));
    }
}
