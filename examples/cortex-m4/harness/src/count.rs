//! Instruction counting with the architecture's counter (`arch/`):
//! SysTick on Cortex-M, `minstret` on RISC-V, both driven by QEMU's
//! `-icount`, so that a count is the number of guest instructions, identical
//! from run to run.
//!
//! A counter that wraps (SysTick: 24 bits) has an exception that counts the
//! wraps, so [`Counter::now`] is a 64-bit count. The exception's own
//! instructions are not the measured code's: calibration
//! ([`Counter::calibrate`]) measures them and [`Counter::measure`] subtracts
//! them per wrap, so that a count does not depend on where the wraps fall.

use core::cell::Cell;
use core::hint::black_box;

pub use crate::arch::ticks_to_instructions;
use crate::arch::{self, Clock, spin};

/// A point in time: counter wraps and ticks since the counter started.
#[derive(Clone, Copy)]
pub struct Instant {
    /// Wraps so far (always 0 for a counter that does not wrap).
    pub wraps: u32,
    /// Ticks so far (including those of the wraps).
    pub ticks: u64,
}

/// The free-running instruction counter.
pub struct Counter {
    clock: Clock,
    /// Instructions of one wrap exception, set by [`Counter::calibrate`].
    wrap_cost: Cell<u64>,
}

impl Counter {
    /// Starts the architecture's counter. On Cortex-M it takes the core
    /// peripherals (for SysTick), and exits with 1 when they were taken
    /// already.
    #[inline(always)]
    pub fn take() -> Self {
        Self::new(Clock::take())
    }

    /// Starts SysTick on the core clock with the wrap interrupt enabled.
    #[cfg(target_arch = "arm")]
    pub fn start(syst: cortex_m::peripheral::SYST) -> Self {
        Self::new(Clock::start(syst))
    }

    #[inline(always)]
    fn new(clock: Clock) -> Self {
        Self {
            clock,
            wrap_cost: Cell::new(0),
        }
    }

    /// Stops the counter's exception: nothing but the program runs (the
    /// exact counts of the QEMU plugin are taken so).
    pub fn stop(&mut self) {
        self.clock.stop();
    }

    /// Now.
    #[inline(always)]
    pub fn now(&self) -> Instant {
        self.clock.now()
    }

    /// Ticks since the counter started.
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
    /// wrap exceptions that fell into `f`. Call the code under test
    /// through an `#[inline(never)]` function so that fat LTO cannot move its
    /// instructions across the measurement.
    pub fn measure(&self, f: &mut dyn FnMut()) -> u64 {
        let baseline = self.raw(&mut || {});
        let region = self.raw(f);
        let gross = ticks_to_instructions(region.ticks.saturating_sub(baseline.ticks));
        let wraps = u64::from(region.wraps.saturating_sub(baseline.wraps));
        gross.saturating_sub(wraps * self.wrap_cost.get())
    }

    /// Instructions of one wrap exception (0 before [`Counter::calibrate`]
    /// and for a counter that does not wrap).
    pub fn wrap_cost(&self) -> u64 {
        self.wrap_cost.get()
    }

    /// Checks the counting method on loops of known length and, for a
    /// counter that wraps, measures the cost of its exception, which
    /// [`Counter::measure`] subtracts from then on. 2000 more loop
    /// instructions must measure as 2000 (±1): that fails, for example, when
    /// QEMU runs without `-icount`, where the counters follow the host's
    /// clock.
    pub fn calibrate(&mut self) -> Result<Calibration, Calibration> {
        self.wrap_cost.set(0);
        self.clock.restart();
        let short = self.measure(&mut || spin(black_box(1)));
        let long = self.measure(&mut || spin(black_box(1001)));
        let loop_2000 = long.wrapping_sub(short);
        if !arch::WRAPS {
            let calibration = Calibration {
                loop_2000,
                wrap_cost: 0,
                wraps: 0,
            };
            return if loop_2000.abs_diff(2000) <= 1 {
                Ok(calibration)
            } else {
                Err(calibration)
            };
        }
        // 2 × LONG instructions span three wraps when started right after a
        // restart (2²⁴ ticks ≈ 10.5 M instructions apart): the excess over
        // the loop is three exceptions, known to ±1/3 of an instruction.
        const LONG: u32 = 16_000_000;
        self.clock.restart();
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
    /// Instructions of one wrap exception (0 for a counter that does not
    /// wrap).
    pub wrap_cost: u64,
    /// Wraps seen while measuring `wrap_cost`.
    pub wraps: u64,
}
