//! The [DSP instructions](super) as single instructions, through `asm!`.
//!
//! Each block reads its operands from registers and writes its result to a
//! register; none touches memory or the stack. `SMLAD` may set the sticky
//! Q bit of APSR, so it is the one block not declared `preserves_flags`.
#![allow(unsafe_code)]

use core::arch::asm;

/// `SXTB16 result, x`: bytes 0 and 2 of `x`, sign-extended to halfwords.
#[inline(always)]
pub fn sxtb16(x: u32) -> u32 {
    let result: u32;
    // SAFETY: a register-to-register instruction of ARMv7E-M and
    // ARMv8-M's DSP extension, which `tinyml_dsp` guarantees the target
    // has; it reads `x` and writes `result` only.
    unsafe {
        asm!("sxtb16 {r}, {x}", r = lateout(reg) result, x = in(reg) x,
             options(pure, nomem, nostack, preserves_flags));
    }
    result
}

/// `SXTB16 result, x, ROR #8`: bytes 1 and 3 of `x`, sign-extended.
#[inline(always)]
pub fn sxtb16_ror8(x: u32) -> u32 {
    let result: u32;
    // SAFETY: as for `sxtb16`: one register-to-register instruction.
    unsafe {
        asm!("sxtb16 {r}, {x}, ror #8", r = lateout(reg) result, x = in(reg) x,
             options(pure, nomem, nostack, preserves_flags));
    }
    result
}

/// `SMLAD result, a, b, acc`: `acc + a.low · b.low + a.high · b.high`,
/// wrapping.
#[inline(always)]
pub fn smlad(a: u32, b: u32, acc: i32) -> i32 {
    let result: i32;
    // SAFETY: one register-to-register instruction of the DSP extension
    // (guaranteed by `tinyml_dsp`); besides `result` it may set only the
    // Q bit, which the missing `preserves_flags` declares.
    unsafe {
        asm!("smlad {r}, {a}, {b}, {acc}", r = lateout(reg) result, a = in(reg) a,
             b = in(reg) b, acc = in(reg) acc, options(pure, nomem, nostack));
    }
    result
}
