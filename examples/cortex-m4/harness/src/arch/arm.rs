//! Cortex-M under QEMU's MPS2 boards: SysTick as the instruction counter,
//! cortex-m-rt's entry and stack, semihosting for printing and exit.
//!
//! QEMU does not emulate the DWT cycle counter, but SysTick runs on virtual
//! time. With `-icount shift=6,align=off,sleep=off` every guest instruction
//! advances virtual time by 2⁶ ns = 64 ns and SysTick counts the core clock
//! (25 MHz on mps2-an385/an386, 40 ns a tick, so `instructions = ticks × 40 /
//! 64 = ticks × 5 / 8`; 20 MHz on mps2-an505, so `ticks × 50 / 64`),
//! identical from run to run. (On real silicon the same code counts cycles.)
//!
//! SysTick is 24 bits wide and wraps every 2²⁴ ticks (~10.5 M instructions);
//! its exception counts the wraps so that [`Clock::now`] is a 64-bit count.
//! The exception's own instructions are not the measured code's: see
//! [`crate::count::Counter::calibrate`].
#![allow(unsafe_code)]

use core::arch::asm;
use core::sync::atomic::{AtomicU32, Ordering};

use cortex_m::peripheral::{SCB, SYST, syst::SystClkSource};
pub use cortex_m_rt::entry;
use cortex_m_rt::exception;
pub(crate) use cortex_m_semihosting::hprintln;
use cortex_m_semihosting::{debug, nr};
// The panic handler: prints the message over semihosting and exits with 1.
use panic_semihosting as _;

use crate::count::Instant;

/// The counter wraps (every 2²⁴ ticks) and its exception costs instructions
/// that calibration measures.
pub(crate) const WRAPS: bool = true;

/// Reload value: the full 24-bit range.
const RELOAD: u32 = 0x00FF_FFFF;

/// Number of SysTick wraps since [`Clock::start`].
static WRAPS_SEEN: AtomicU32 = AtomicU32::new(0);

#[exception]
fn SysTick() {
    // The exception is the only writer and does not preempt itself, so a
    // load and a store suffice (ARMv6-M has no atomic read-modify-write).
    WRAPS_SEEN.store(WRAPS_SEEN.load(Ordering::Relaxed) + 1, Ordering::Relaxed);
}

/// Free-running SysTick with its wrap exception.
pub(crate) struct Clock {
    syst: SYST,
}

impl Clock {
    /// Takes the core peripherals and starts SysTick; exits with 1 when
    /// they were taken already.
    #[inline(always)]
    pub(crate) fn take() -> Self {
        let Some(peripherals) = cortex_m::Peripherals::take() else {
            exit(false)
        };
        Self::start(peripherals.SYST)
    }

    /// Starts SysTick on the core clock with the wrap interrupt enabled.
    pub(crate) fn start(mut syst: SYST) -> Self {
        syst.disable_counter();
        syst.set_clock_source(SystClkSource::Core);
        syst.set_reload(RELOAD);
        syst.clear_current();
        WRAPS_SEEN.store(0, Ordering::Relaxed);
        syst.enable_interrupt();
        syst.enable_counter();
        Self { syst }
    }

    /// Stops SysTick and its exception.
    pub(crate) fn stop(&mut self) {
        self.syst.disable_interrupt();
        self.syst.disable_counter();
    }

    /// Restarts the 24-bit count from the reload value: the next wrap is
    /// 2²⁴ ticks away.
    pub(crate) fn restart(&mut self) {
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
    pub(crate) fn now(&self) -> Instant {
        cortex_m::interrupt::free(|_| {
            let mut wraps = WRAPS_SEEN.load(Ordering::Relaxed);
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
pub(crate) fn spin(n: u32) {
    // SAFETY: a register-only countdown loop.
    unsafe {
        asm!("2:", "subs {0}, #1", "bne 2b", inout(reg) n => _, options(nomem, nostack));
    }
}

/// Runs `f` with interrupts masked.
#[inline(always)]
pub(crate) fn free<R>(f: impl FnOnce() -> R) -> R {
    cortex_m::interrupt::free(|_| f())
}

/// The stack pointer.
#[inline(always)]
pub(crate) fn stack_pointer() -> usize {
    let sp: usize;
    // SAFETY: reads the stack pointer only.
    unsafe { asm!("mov {}, sp", out(reg) sp, options(nomem, nostack, preserves_flags)) };
    sp
}

/// Lowest address the stack may grow to.
#[inline(always)]
pub(crate) fn stack_floor() -> usize {
    unsafe extern "C" {
        /// cortex-m-rt's `link.x`: the end of `.bss`/`.uninit`.
        static _stack_end: u32;
    }
    core::ptr::addr_of!(_stack_end) as usize
}

/// Writes `pattern` to every word from `lo` (word-aligned) up to the stack
/// pointer, in assembly so that the painting itself uses no stack.
///
/// # Safety
///
/// `[lo, sp)` must be memory that nothing uses: below the stack pointer and
/// above [`stack_floor`].
#[inline(always)]
pub(crate) unsafe fn paint(lo: usize, pattern: u32) {
    // SAFETY: the caller's.
    unsafe {
        asm!(
            "2:",
            "cmp {p}, sp",
            "bhs 3f",
            // Thumb-1 forms, so that ARMv6-M (Cortex-M0+) builds too.
            "str {pat}, [{p}]",
            "adds {p}, #4",
            "b 2b",
            "3:",
            p = inout(reg) lo => _,
            pat = in(reg) pattern,
            options(nostack),
        );
    }
}

/// Ends the QEMU run with exit code 0 (`success`) or 1.
pub fn exit(success: bool) -> ! {
    debug::exit(if success {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    // Not reached under QEMU; on a board without a debugger, sleep.
    loop {
        cortex_m::asm::wfi();
    }
}

/// SYS_GET_CMDLINE into `block` = `[buffer address, buffer length]`; 0 on
/// success, when `block[1]` holds the length written.
///
/// # Safety
///
/// `block[0]` must point to `block[1]` writable bytes.
pub(crate) unsafe fn get_cmdline(block: &mut [usize; 2]) -> usize {
    // SAFETY: the caller's.
    unsafe { cortex_m_semihosting::syscall1(nr::GET_CMDLINE, block.as_mut_ptr() as usize) }
}
