//! TFLM's requantization ([`multiply_by_quantized_multiplier`]) rewritten
//! for speed, bit for bit the same.
//!
//! TFLM rounds twice: `r1 = SRDHM(x · 2^left, m)`, then
//! `r2 = RoundingDivideByPOT(r1, right)`. Both roundings fold into one
//! 64-bit multiply-add and a shift:
//!
//! * `SRDHM(x, m) = ⌊(x·m + 2^30) / 2^31⌋` for every pair but
//!   `m = x = i32::MIN` (TFLM's nudge of `1 − 2^30` and truncating division
//!   for a negative product is the same floor). That one pair is the only
//!   one whose floor is `2^31`, so the wrapped `i32::MIN` marks it: no legit
//!   result is `i32::MIN` (the least is `−2^31 + 1`).
//! * For `right ≥ 1`, rounding `r1 / 2^right` half away from zero is
//!   `⌊(r1 + 2^(right−1) − [r1 < 0]) / 2^right⌋`, and since the floor of a
//!   floor divided by an integer is the floor of the quotient,
//!   `r2 = ⌊(x·m + 2^30 + 2^(30+right) − 2^31·[x·m < 0]) / 2^(31+right)⌋`.
//!   (The sign test may use `x·m < 0` instead of `x·m + 2^30 < 0`: where
//!   they differ, `r1 = 0` and both give 0.) The saturating pair gives
//!   `2^(31−right)` here, which is `RoundingDivideByPOT(i32::MAX, right)`,
//!   so no saturation test remains. TFLM only shifts left when `right = 0`.
//!
//! The shift by `31 + right ≥ 32` reads only the high word. The sign test is
//! `x ^ m < 0` (either factor zero makes the product zero, where both
//! choices give the same result, see above).
//!
//! [`multiply_by_quantized_multiplier`]: super::quant::multiply_by_quantized_multiplier

/// One channel's `(multiplier, shift)`, prepared for [`Requant::apply`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Requant {
    multiplier: i32,
    /// TFLM's left shift, `min(shift, 31)` for a positive shift, else 0.
    left: u32,
    /// TFLM's right shift, `min(−shift, 31)` for a negative shift, else 0.
    right: u32,
    /// `2^30 + 2^(30 + right)` when `right ≥ 1`.
    round: i64,
}

impl Requant {
    /// Prepares `x ↦ multiply_by_quantized_multiplier(x, multiplier, shift)`.
    #[inline(always)]
    pub(crate) fn new(multiplier: i32, shift: i32) -> Self {
        let left = shift.clamp(0, 31) as u32;
        let right = shift.saturating_neg().clamp(0, 31) as u32;
        Self {
            multiplier,
            left,
            right,
            round: (1 << 30) + (1 << (30 + right)),
        }
    }

    /// `multiply_by_quantized_multiplier(acc, multiplier, shift)`, exactly.
    #[inline(always)]
    pub(crate) fn apply(self, acc: i32) -> i32 {
        let m = self.multiplier;
        if self.right == 0 {
            let x = acc.wrapping_shl(self.left);
            let r1 = ((i64::from(x) * i64::from(m) + (1 << 30)) >> 31) as i32;
            // Only `x = m = i32::MIN` wraps to `i32::MIN`; SRDHM saturates it.
            if r1 == i32::MIN { i32::MAX } else { r1 }
        } else {
            // −2^31 when the product is negative, else 0.
            let negative = i64::from((acc ^ m) >> 31) << 31;
            let n = i64::from(acc) * i64::from(m) + self.round + negative;
            ((n >> 32) as i32) >> (self.right - 1)
        }
    }
}

/// [`Requant`] and the output offset for the usual case: `−24 ≤ shift ≤
/// −2` (a real multiplier below a quarter) and an output offset in `i8`'s
/// range, as valid quantization always has. Four operations per output
/// before the clamp.
///
/// With `right ≥ 2` the shift by `31 + right` takes the high word, and
/// adding `2^(30+right)` adds `half = 2^(right−2)` to it:
///
/// ```text
/// r2 = (hi + half) >> (right − 1)
/// ```
///
/// where `hi` is the high word of `x·m + 2^30 − 2^31·[x·m < 0]`. The offset
/// joins the rounding term, exactly:
///
/// ```text
/// r2 + offset = (hi + half + offset · 2^(right−1)) >> (right − 1)
/// ```
///
/// and without overflow for `right ≤ 24` and `|offset| ≤ 128`
/// (`|hi| ≤ 2^30`). So the whole start value of the multiply-accumulate
/// follows from the sign mask: high word `round + mask`, low word
/// `2^30 | mask << 31`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct QuarterRequant {
    multiplier: i32,
    /// `2^(right − 2) + output_offset · 2^(right − 1)`.
    round: i32,
    /// `right − 1`.
    shift: u32,
}

impl QuarterRequant {
    /// `None` unless `−24 ≤ shift ≤ −2` and `−128 ≤ output_offset ≤ 127`.
    #[inline(always)]
    pub(crate) fn new(multiplier: i32, shift: i32, output_offset: i32) -> Option<Self> {
        if !Self::covers(shift) || i8::try_from(output_offset).is_err() {
            return None;
        }
        // `right − 1 = −shift − 1 = !shift`, in `1..=23`.
        let shift = !shift as u32;
        Some(Self {
            multiplier,
            round: (1 << (shift - 1)) + (output_offset << shift),
            shift,
        })
    }

    /// Whether [`Self::new`] takes `shift`.
    #[inline(always)]
    pub(crate) fn covers(shift: i32) -> bool {
        (-24..=-2).contains(&shift)
    }

    /// `multiply_by_quantized_multiplier(acc, …) + output_offset` before the
    /// clamp.
    #[inline(always)]
    pub(crate) fn apply(self, acc: i32) -> i32 {
        let m = self.multiplier;
        // −1 when the product is negative: the low start word is then
        // 2^30 − 2^31 (borrowing one from the high word), else 2^30.
        let negative = (acc ^ m) >> 31;
        let high = self.round.wrapping_add(negative);
        let start = (i64::from(high) << 32) | i64::from((1u32 << 30) | ((negative as u32) << 31));
        let n = start.wrapping_add(i64::from(acc) * i64::from(m));
        ((n >> 32) as i32) >> self.shift
    }

    /// [`Self::apply`] clamped to `i8` (the full range).
    #[inline(always)]
    pub(crate) fn saturate(self, acc: i32) -> i8 {
        self.apply(acc).clamp(-128, 127) as i8
    }
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::{QuarterRequant, Requant};
    use crate::int8::quant::multiply_by_quantized_multiplier;
    use proptest::prelude::*;

    fn check(acc: i32, multiplier: i32, shift: i32) {
        let want = multiply_by_quantized_multiplier(acc, multiplier, shift);
        assert_eq!(
            Requant::new(multiplier, shift).apply(acc),
            want,
            "acc {acc} multiplier {multiplier} shift {shift}"
        );
        for offset in [-128, -7, 0, 127] {
            if let Some(q) = QuarterRequant::new(multiplier, shift, offset) {
                assert_eq!(
                    q.apply(acc),
                    want.wrapping_add(offset),
                    "quarter: acc {acc} multiplier {multiplier} shift {shift} offset {offset}"
                );
                let clamped = want.wrapping_add(offset).clamp(-128, 127) as i8;
                assert_eq!(q.saturate(acc), clamped);
            } else {
                assert!(!(-24..=-2).contains(&shift));
            }
        }
        assert!(QuarterRequant::new(multiplier, shift, 128).is_none());
    }

    /// Values around powers of two and the ends of `i32`.
    fn edges() -> std::vec::Vec<i32> {
        let mut v = std::vec![i32::MIN, i32::MIN + 1, i32::MAX, i32::MAX - 1, 0];
        for k in 0..31 {
            for d in [-1, 0, 1] {
                v.push((1i32 << k).wrapping_add(d));
                v.push((-(1i32 << k)).wrapping_add(d));
            }
        }
        v.push(3 << 29);
        v.push(-(3 << 29));
        v
    }

    #[test]
    fn edge_cases_equal_tflm() {
        let edges = edges();
        for &multiplier in &edges {
            for &acc in &edges {
                for shift in -40..=40 {
                    check(acc, multiplier, shift);
                }
            }
        }
    }

    /// Ties of both roundings: multipliers that are simple fractions and
    /// small accumulators hit exact halves in the multiply and the shift.
    #[test]
    fn ties_equal_tflm() {
        for multiplier in [
            1 << 30,
            3 << 29,
            5 << 28,
            (1 << 30) + 1,
            i32::MAX,
            -(1 << 30),
        ] {
            for acc in -3000..=3000 {
                for shift in -12..=1 {
                    check(acc, multiplier, shift);
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn random_equal_tflm(acc: i32, multiplier: i32, shift in -40i32..=40) {
            check(acc, multiplier, shift);
        }

        #[test]
        fn realistic_equal_tflm(acc in -(1i32 << 24)..(1 << 24), multiplier in (1i32 << 30)..=i32::MAX, shift in -20i32..=2) {
            check(acc, multiplier, shift);
        }
    }
}
