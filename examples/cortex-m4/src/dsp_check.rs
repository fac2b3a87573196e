//! The equivalence test of the DSP instructions that the int8 kernels use
//! (`tinyml_kernels::arch`): each single-instruction form against its
//! portable definition, on edge values and on pseudo-random words, on the
//! core itself. Where the target has no DSP instructions both names are the
//! portable function, and the test shows only that.

use tinyml_kernels::arch::{self, portable};

/// Words that reach every edge of the byte and halfword lanes.
const EDGES: [u32; 12] = [
    0,
    u32::MAX,
    0x8000_8000,
    0x7fff_7fff,
    0x8080_8080,
    0x7f7f_7f7f,
    0x0080_0080,
    0x8000_0000,
    0x0000_8000,
    0x0102_0304,
    0xff7f_80ff,
    0x7f80_017f,
];

/// Accumulators around the wrap-around points.
const ACCUMULATORS: [i32; 5] = [0, i32::MAX, i32::MIN, -1, 0x4000_0000];

/// xorshift32: a fixed sequence, so every run tests the same words.
fn next(seed: &mut u32) -> u32 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 17;
    *seed ^= *seed << 5;
    *seed
}

/// Every edge combination (`12 · 12 · 5`) and `random` pseudo-random ones;
/// the error names the first instruction that differs.
pub fn run(random: u32) -> Result<(), &'static str> {
    let one = |a: u32, b: u32, acc: i32| {
        if arch::sxtb16(a) != portable::sxtb16(a) {
            return Err("MISMATCH dsp sxtb16");
        }
        if arch::sxtb16_ror8(a) != portable::sxtb16_ror8(a) {
            return Err("MISMATCH dsp sxtb16 ror #8");
        }
        if arch::smlad(a, b, acc) != portable::smlad(a, b, acc) {
            return Err("MISMATCH dsp smlad");
        }
        Ok(())
    };
    for &a in &EDGES {
        for &b in &EDGES {
            for &acc in &ACCUMULATORS {
                one(a, b, acc)?;
            }
        }
    }
    let mut seed = 0x9e37_79b9;
    for _ in 0..random {
        let (a, b, acc) = (next(&mut seed), next(&mut seed), next(&mut seed) as i32);
        one(a, b, acc)?;
    }
    Ok(())
}
