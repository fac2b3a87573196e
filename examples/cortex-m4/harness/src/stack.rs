//! Peak stack of a closure, measured by painting the free stack.
//!
//! Everything below the current stack pointer is free. [`peak_stack`] fills
//! it with a pattern, runs the closure, and finds the lowest word that no
//! longer holds the pattern. Interrupts are masked meanwhile so that an
//! exception frame is not mistaken for the closure's stack.
#![allow(unsafe_code)]

use core::arch::asm;

/// The paint pattern.
const PAINT: u32 = 0xC0DE_5AFE;

/// How far below the stack pointer to paint: far more than any model here
/// needs, and cheap (one store per word).
const WINDOW: usize = 1024 * 1024;

unsafe extern "C" {
    /// Lowest address the stack may grow to (cortex-m-rt's `link.x`).
    static _stack_end: u32;
}

/// Peak stack bytes used by `f`, counted from the stack pointer of the caller
/// of `f` (so it includes `f`'s own frame and everything it calls).
#[inline(never)]
pub fn peak_stack(f: &mut dyn FnMut()) -> usize {
    cortex_m::interrupt::free(|_| {
        let sp: usize;
        // SAFETY: reads the stack pointer only.
        unsafe { asm!("mov {}, sp", out(reg) sp, options(nomem, nostack, preserves_flags)) };
        let floor = core::ptr::addr_of!(_stack_end) as usize;
        let lo = floor.max(sp.saturating_sub(WINDOW)) & !3;
        // SAFETY: writes only words in [lo, sp), which lie below the stack
        // pointer and above the end of `.bss`/`.uninit`: memory nothing uses.
        // Written in assembly so that the painting itself uses no stack.
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
                pat = in(reg) PAINT,
                options(nostack),
            );
        }
        f();
        let mut addr = lo;
        while addr < sp {
            // SAFETY: `addr` is word-aligned and within the stack region.
            let word = unsafe { core::ptr::read_volatile(addr as *const u32) };
            if word != PAINT {
                break;
            }
            addr += 4;
        }
        sp - addr
    })
}
