//! Peak stack of a closure, measured by painting the free stack.
//!
//! Everything below the current stack pointer is free. [`peak_stack`] fills
//! it with a pattern, runs the closure, and finds the lowest word that no
//! longer holds the pattern. Interrupts are masked meanwhile so that an
//! exception frame is not mistaken for the closure's stack.
#![allow(unsafe_code)]

use crate::arch;

/// The paint pattern.
const PAINT: u32 = 0xC0DE_5AFE;

/// How far below the stack pointer to paint: far more than any model here
/// needs, and cheap (one store per word).
const WINDOW: usize = 1024 * 1024;

/// Peak stack bytes used by `f`, counted from the stack pointer of the caller
/// of `f` (so it includes `f`'s own frame and everything it calls).
#[inline(never)]
pub fn peak_stack(f: &mut dyn FnMut()) -> usize {
    arch::free(|| {
        let sp = arch::stack_pointer();
        let floor = arch::stack_floor();
        let lo = floor.max(sp.saturating_sub(WINDOW)) & !3;
        // SAFETY: [lo, sp) lies below the stack pointer and above the end of
        // `.bss`/`.uninit`: memory nothing uses.
        unsafe { arch::paint(lo, PAINT) };
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
