//! Two `i8 × i8` products per multiply: the convolutions' inner loop.
//!
//! Cortex-M4 has a 32 × 32 → 64-bit multiply-accumulate (`SMLAL`), and LLVM
//! emits it for `acc: i64 += i64::from(a) * i64::from(b)`. Packing two
//! inputs into one `i32`, `x0 + x1 · 2^23`, makes one such multiply by a
//! weight `w` add `x0·w + x1·w · 2^23`: two products, in two lanes of the
//! 64-bit accumulator. Each product lies in `[−2^14, 2^14]`, so a sum of at
//! most [`LANE_TERMS`] of them lies strictly inside `(−2^22, 2^22)` and the
//! low lane cannot reach the high one: both sums come out exactly
//! ([`lanes`]). So a convolution computes two output pixels per multiply and
//! needs no DSP intrinsic (nor `unsafe`): the weights stay `i8` in flash, and
//! only the inputs of a few pixels are packed, into a small stack buffer.
//!
//! The sums are exact integers, so adding them to the bias with wrapping
//! gives TFLM's wrapping `int32_t` accumulator bit for bit.

/// The low lane's width: the high input is shifted left by this.
const LANE_BITS: u32 = 23;

/// The most products one lane may sum: `252 · 2^14 < 2^22`. Longer sums
/// are split into runs of this many.
pub(crate) const LANE_TERMS: usize = 252;

/// Where the accumulators start: the low lane is kept non-negative so that
/// [`lanes`] extracts it with a mask and the high lane with a shift.
/// Whether the target multiplies 32 × 32 → 64 bits in hardware (set by
/// `build.rs`: not on ARMv6-M). The packed paths accumulate in `i64`, one
/// instruction for two products where it does, a library call where not;
/// without it the kernels take their general `i32` loops (the same bits).
pub(crate) const WIDE_MULTIPLY: bool = !cfg!(tinyml_no_wide_multiply);

pub(crate) const LANE_BIAS: i64 = 1 << (LANE_BITS - 1);

/// `x0 + x1 · 2^23`: two inputs in one multiplicand.
#[inline(always)]
pub(crate) fn pack(x0: i8, x1: i8) -> i32 {
    i32::from(x0) + (i32::from(x1) << LANE_BITS)
}

/// Two packed pixel pairs in one `u64`, so that one `LDRD` loads both.
#[inline(always)]
pub(crate) fn pack_pairs(a: i32, b: i32) -> u64 {
    u64::from(a as u32) | (u64::from(b as u32) << 32)
}

/// The two lane sums `(Σ x0·w, Σ x1·w)` of an accumulator that started at
/// [`LANE_BIAS`] and added at most [`LANE_TERMS`] products: the high lane
/// is the accumulator shifted right (the low lane's bias keeps it from
/// borrowing), the low lane what remains of the low word.
#[inline(always)]
pub(crate) fn lanes(acc: i64) -> (i32, i32) {
    let high = (acc >> LANE_BITS) as i32;
    let low = (acc as i32)
        .wrapping_sub(high << LANE_BITS)
        .wrapping_sub(1 << (LANE_BITS - 1));
    (low, high)
}

/// The lane accumulators of one output channel (`w`) against `PAIRS`
/// packed pixel pairs per tap (`packed[k][j]` from [`pack_pairs`]): for
/// each `j`, `[a·w, b·w]`, each [`lanes`]-ready. At most [`LANE_TERMS`]
/// terms.
///
/// Not inlined, and written eight taps at a time: in its own function the
/// loop gets the registers to itself and compiles the same everywhere (per
/// tap one `LDRSB`, and per pair two loads and two `SMLAL`), where inlined
/// into a kernel it spilled.
#[inline(never)]
pub(crate) fn dot_pairs<const PAIRS: usize>(
    packed: &[[u64; PAIRS]],
    w: &[i8],
) -> [[i64; 2]; PAIRS] {
    #[inline(always)]
    fn step<const PAIRS: usize>(acc: &mut [[i64; 2]; PAIRS], pairs: &[u64; PAIRS], u: i8) {
        let u = i64::from(u);
        for (acc, &ab) in acc.iter_mut().zip(pairs) {
            let (a, b) = (ab as i32, (ab >> 32) as i32);
            acc[0] = acc[0].wrapping_add(i64::from(a) * u);
            acc[1] = acc[1].wrapping_add(i64::from(b) * u);
        }
    }
    let mut acc = [[LANE_BIAS; 2]; PAIRS];
    let (mut packed, mut w) = (packed, w);
    while let (
        [p0, p1, p2, p3, p4, p5, p6, p7, p_rest @ ..],
        [w0, w1, w2, w3, w4, w5, w6, w7, w_rest @ ..],
    ) = (packed, w)
    {
        for (pairs, &u) in [p0, p1, p2, p3, p4, p5, p6, p7]
            .into_iter()
            .zip([w0, w1, w2, w3, w4, w5, w6, w7])
        {
            step(&mut acc, pairs, u);
        }
        (packed, w) = (p_rest, w_rest);
    }
    for (pairs, &u) in packed.iter().zip(w) {
        step(&mut acc, pairs, u);
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extreme_lanes_are_exact() {
        // The largest sums of both signs in both lanes.
        for (x0, x1, w) in [
            (-128, -128, -128),
            (-128, 127, -128),
            (127, -128, -128),
            (127, 127, -128),
            (-128, -128, 127),
            (0, -128, -128),
            (-128, 0, -128),
        ] {
            let packed = [[pack_pairs(pack(x0, x1), pack(x1, x0))]; LANE_TERMS];
            let weights = [w; LANE_TERMS];
            let [acc] = dot_pairs(&packed, &weights);
            let n = LANE_TERMS as i32;
            let (p, q) = (i32::from(x0) * i32::from(w), i32::from(x1) * i32::from(w));
            assert_eq!(lanes(acc[0]), (n * p, n * q));
            assert_eq!(lanes(acc[1]), (n * q, n * p));
        }
    }
}
