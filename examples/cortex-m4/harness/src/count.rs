//! Instruction counting with SysTick.
//!
//! QEMU does not emulate the DWT cycle counter, but SysTick runs on virtual
//! time. With `-icount shift=6,align=off,sleep=off` every guest instruction
//! advances virtual time by 2⁶ ns = 64 ns and SysTick counts the 25 MHz core
//! clock (40 ns a tick), so `instructions = ticks × 40 / 64 = ticks × 5 / 8`,
//! identical from run to run. (On real silicon the same code counts cycles.)
//!
//! SysTick is 24 bits wide and wraps every 2²⁴ ticks (~10.5 M instructions);
//! its exception counts the wraps so [`Counter::ticks`] is a 64-bit count.

use core::arch::asm;
use core::sync::atomic::{AtomicU32, Ordering};

use cortex_m::peripheral::{SCB, SYST, syst::SystClkSource};
use cortex_m_rt::exception;

/// Reload value: the full 24-bit range.
const RELOAD: u32 = 0x00FF_FFFF;

/// Number of SysTick wraps since [`Counter::start`].
static WRAPS: AtomicU32 = AtomicU32::new(0);

#[exception]
fn SysTick() {
    WRAPS.fetch_add(1, Ordering::Relaxed);
}

/// Free-running SysTick tick counter.
pub struct Counter {
    _syst: SYST,
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
        Self { _syst: syst }
    }

    /// Ticks since [`Counter::start`].
    ///
    /// A wrap that happened but whose exception has not run yet shows up as a
    /// pending SysTick; it is added here and the counter re-read after it.
    #[inline(always)]
    pub fn ticks(&self) -> u64 {
        cortex_m::interrupt::free(|_| {
            let mut wraps = WRAPS.load(Ordering::Relaxed);
            let mut current = SYST::get_current();
            if SCB::is_pendst_pending() {
                wraps += 1;
                current = SYST::get_current();
            }
            (u64::from(wraps) << 24) | u64::from(RELOAD - current)
        })
    }

    /// Ticks spent in `f`, including the fixed cost of the call and of
    /// reading the counter; see [`Counter::measure`] for the net count.
    #[inline(never)]
    pub fn raw_ticks(&self, f: &mut dyn FnMut()) -> u64 {
        let start = self.ticks();
        f();
        let end = self.ticks();
        end - start
    }

    /// Instructions executed by `f`, net of the harness: the same call made
    /// with an empty closure is measured and subtracted. Call the code under
    /// test through an `#[inline(never)]` function so that fat LTO cannot
    /// move its instructions across the measurement.
    pub fn measure(&self, f: &mut dyn FnMut()) -> u64 {
        let baseline = self.raw_ticks(&mut || {});
        let ticks = self.raw_ticks(f);
        ticks_to_instructions(ticks.saturating_sub(baseline))
    }
}

/// Instructions for a number of SysTick ticks under `-icount shift=6` (±1).
pub const fn ticks_to_instructions(ticks: u64) -> u64 {
    (ticks * 5 + 4) / 8
}

/// Executes exactly `2 * n` instructions (`n` ≥ 1) plus the call.
#[inline(never)]
#[allow(unsafe_code)]
fn spin(n: u32) {
    // SAFETY: a register-only countdown loop.
    unsafe {
        asm!("2:", "subs {0}, #1", "bne 2b", inout(reg) n => _, options(nomem, nostack));
    }
}

impl Counter {
    /// Checks the counting method on a loop of known length: 2000 more
    /// instructions must measure as 2000 (±1). It fails, for example, when
    /// QEMU runs without `-icount shift=6`, where SysTick follows the host's
    /// clock. Returns the measured difference.
    pub fn calibrate(&self) -> Result<u64, u64> {
        let short = self.measure(&mut || spin(core::hint::black_box(1)));
        let long = self.measure(&mut || spin(core::hint::black_box(1001)));
        let diff = long.wrapping_sub(short);
        if diff.abs_diff(2000) <= 1 {
            Ok(diff)
        } else {
            Err(diff)
        }
    }
}
