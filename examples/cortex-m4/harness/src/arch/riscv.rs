//! RISC-V (rv32imac) under QEMU's `virt` board: the `minstret` CSR as the
//! instruction counter, riscv-rt's entry and stack, semihosting for printing
//! and exit.
//!
//! QEMU derives its RISC-V counters from virtual time when `-icount` is on
//! (from the host's clock otherwise): with `-icount shift=0` every guest
//! instruction advances it by 1 ns, so `minstret` counts instructions one for
//! one, identical from run to run. It is 64 bits wide (`minstreth`:
//! `minstret`): no wraps, nothing to subtract but the harness's own calls.
#![allow(unsafe_code)]

use core::arch::asm;
use core::panic::PanicInfo;

pub use riscv_rt::entry;
pub(crate) use riscv_semihosting::hprintln;
use riscv_semihosting::{debug, nr};

use crate::count::Instant;

/// The counter never wraps: no exception to calibrate.
pub(crate) const WRAPS: bool = false;

/// `minstret` (no state: the CSR counts from reset).
pub(crate) struct Clock;

impl Clock {
    /// The counter (always there).
    pub(crate) fn take() -> Self {
        Self
    }

    /// Nothing to stop: no interrupt is enabled.
    pub(crate) fn stop(&mut self) {}

    /// Nothing to restart: the counter does not wrap.
    pub(crate) fn restart(&mut self) {}

    /// Now.
    #[inline(always)]
    pub(crate) fn now(&self) -> Instant {
        Instant {
            wraps: 0,
            ticks: riscv::register::minstret::read64(),
        }
    }
}

/// Instructions for a count of `minstret` under `-icount shift=0`: one each.
pub const fn ticks_to_instructions(ticks: u64) -> u64 {
    ticks
}

/// Executes exactly `2 * n` instructions (`n` ≥ 1) plus the call.
#[inline(never)]
pub(crate) fn spin(n: u32) {
    // SAFETY: a register-only countdown loop.
    unsafe {
        asm!("2:", "addi {0}, {0}, -1", "bnez {0}, 2b", inout(reg) n => _, options(nomem, nostack));
    }
}

/// Runs `f` with interrupts masked (none is enabled; for symmetry with
/// Cortex-M).
#[inline(always)]
pub(crate) fn free<R>(f: impl FnOnce() -> R) -> R {
    riscv::interrupt::free(f)
}

/// The stack pointer.
#[inline(always)]
pub(crate) fn stack_pointer() -> usize {
    let sp: usize;
    // SAFETY: reads the stack pointer only.
    unsafe { asm!("mv {}, sp", out(reg) sp, options(nomem, nostack, preserves_flags)) };
    sp
}

/// Lowest address the stack may grow to.
#[inline(always)]
pub(crate) fn stack_floor() -> usize {
    unsafe extern "C" {
        /// riscv-rt's `link.x`: the bottom of `.stack`, after `.bss`,
        /// `.uninit` and the (empty) heap.
        static __estack: u32;
    }
    core::ptr::addr_of!(__estack) as usize
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
            "bgeu {p}, sp, 3f",
            "sw {pat}, 0({p})",
            "addi {p}, {p}, 4",
            "j 2b",
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
    // Not reached under QEMU; without a debugger, sleep.
    loop {
        riscv::asm::wfi();
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
    unsafe { riscv_semihosting::syscall1(nr::GET_CMDLINE, block.as_mut_ptr() as usize) }
}

/// Prints the panic message over semihosting and exits with 1, as
/// `panic-semihosting` does on Cortex-M.
#[panic_handler]
fn panic(info: &PanicInfo<'_>) -> ! {
    hprintln!("{}", info);
    exit(false)
}
