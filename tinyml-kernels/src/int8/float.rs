//! The few C math functions that TFLM's prepare step uses and `core` lacks,
//! computed exactly on the bit patterns.
//!
//! They are `const fn`, so the prepare step can run in `const` items as well
//! as in the `tiny_model!` macro. Only `frexp` and `round` are needed: every
//! other scaling TFLM does is a multiplication by a power of two, which is
//! exact in plain `f64` arithmetic.

/// Bits of an `f64`'s fraction field.
const F64_FRACTION_BITS: u32 = 52;
/// Mask of an `f64`'s fraction field.
const F64_FRACTION_MASK: u64 = (1 << F64_FRACTION_BITS) - 1;
/// The biased exponent of `f64` values in `[0.5, 1)`.
const F64_HALF_EXPONENT: u64 = 1022;

/// C's `frexp`: `(m, e)` with `x = m · 2^e` and `0.5 ≤ |m| < 1`, exactly.
///
/// Zero (of either sign), infinities and NaN come back unchanged with
/// `e = 0`, as glibc does. Subnormals are normalised, so their `e` goes
/// below −1021.
pub(crate) const fn frexp(x: f64) -> (f64, i32) {
    let bits = x.to_bits();
    let sign = bits & (1 << 63);
    let biased = ((bits >> F64_FRACTION_BITS) & 0x7ff) as i32;
    let fraction = bits & F64_FRACTION_MASK;
    if biased == 0x7ff || (biased == 0 && fraction == 0) {
        return (x, 0);
    }
    let (significand, exp) = if biased == 0 {
        // Subnormal: x = fraction · 2^-1074. Move the top set bit of the
        // fraction to the implicit-bit position 52.
        let top = 63 - fraction.leading_zeros() as i32;
        (fraction << (F64_FRACTION_BITS as i32 - top), top - 1073)
    } else {
        // Normal: x = 1.f · 2^(biased − 1023) = 0.1f · 2^(biased − 1022).
        (fraction | 1 << F64_FRACTION_BITS, biased - 1022)
    };
    let m = sign | F64_HALF_EXPONENT << F64_FRACTION_BITS | (significand & F64_FRACTION_MASK);
    (f64::from_bits(m), exp)
}

/// C's `round` for `f64`: to the nearest integer, ties away from zero.
/// Infinities and NaN are returned unchanged; the sign of zero is kept.
pub(crate) const fn round_f64(x: f64) -> f64 {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    if biased >= 1023 + 52 {
        return x; // already an integer (or ∞, NaN)
    }
    let sign = bits & (1 << 63);
    if biased < 1022 {
        return f64::from_bits(sign); // |x| < 0.5
    }
    if biased == 1022 {
        return f64::from_bits(sign | 1.0f64.to_bits()); // 0.5 ≤ |x| < 1
    }
    // 1 ≤ |x| < 2^52: the integer part ends at bit `52 − (biased − 1023)`
    // of the bit pattern. Adding half of that unit to the pattern adds 0.5
    // to |x| exactly (a carry into the exponent included), and clearing
    // the bits below it takes the floor: ⌊|x| + 0.5⌋.
    let frac_bits = (1023 + 52 - biased) as u32;
    let half = 1u64 << (frac_bits - 1);
    let magnitude = ((bits & !(1 << 63)) + half) & !((1u64 << frac_bits) - 1);
    f64::from_bits(sign | magnitude)
}

/// C's `roundf`: to the nearest integer, ties away from zero. Infinities and
/// NaN are returned unchanged; the sign of zero is kept.
pub(crate) const fn round_f32(x: f32) -> f32 {
    let bits = x.to_bits();
    let biased = ((bits >> 23) & 0xff) as i32;
    if biased >= 127 + 23 {
        return x;
    }
    let sign = bits & (1 << 31);
    if biased < 126 {
        return f32::from_bits(sign);
    }
    if biased == 126 {
        return f32::from_bits(sign | 1.0f32.to_bits());
    }
    // As in `round_f64`: ⌊|x| + 0.5⌋ on the bit pattern.
    let frac_bits = (127 + 23 - biased) as u32;
    let half = 1u32 << (frac_bits - 1);
    let magnitude = ((bits & !(1 << 31)) + half) & !((1u32 << frac_bits) - 1);
    f32::from_bits(sign | magnitude)
}

#[cfg(test)]
mod tests {
    extern crate std;

    use proptest::prelude::*;

    use super::*;

    /// Checks `frexp(x)` against its definition, using only exact std
    /// operations (`powi` of 2 is exact down to 2^-1074).
    fn check_frexp(x: f64) {
        let (m, e) = frexp(x);
        if x == 0.0 || !x.is_finite() {
            assert_eq!(m.to_bits(), x.to_bits(), "{x:e}");
            assert_eq!(e, 0);
            return;
        }
        assert!((0.5..1.0).contains(&m.abs()), "{x:e}: m = {m}");
        // m · 2^e in two steps, so no intermediate power underflows.
        let half = e / 2;
        let back = m * 2f64.powi(half) * 2f64.powi(e - half);
        assert_eq!(back.to_bits(), x.to_bits(), "{x:e}: {m} · 2^{e}");
    }

    #[test]
    fn frexp_edge_cases() {
        for x in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            0.75,
            2.0,
            3.0,
            f64::MAX,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
            f64::from_bits(1),
            f64::from_bits(0x000f_ffff_ffff_ffff),
            f64::INFINITY,
            f64::NEG_INFINITY,
            1.0 / 3.0,
        ] {
            check_frexp(x);
        }
        assert_eq!(frexp(1.0), (0.5, 1));
        assert_eq!(frexp(0.75), (0.75, 0));
        assert_eq!(frexp(f64::from_bits(1)), (0.5, -1073));
        assert_eq!(frexp(f64::MIN_POSITIVE), (0.5, -1021));
        assert!(frexp(f64::NAN).0.is_nan());
    }

    #[test]
    fn round_edge_cases() {
        for (x, want) in [
            (0.5, 1.0),
            (-0.5, -1.0),
            (1.5, 2.0),
            (2.5, 3.0),
            (-2.5, -3.0),
            (0.49999999999999994, 0.0),
            (4503599627370495.5, 4503599627370496.0),
            (4503599627370497.0, 4503599627370497.0),
            (-0.0, -0.0),
            (-0.3, -0.0),
            (f64::MAX, f64::MAX),
        ] {
            assert_eq!(round_f64(x).to_bits(), f64::to_bits(want), "{x}");
        }
        assert!(round_f64(f64::NAN).is_nan());
        assert_eq!(round_f32(2.5), 3.0);
        assert_eq!(round_f32(-0.5), -1.0);
        assert_eq!(round_f32(0.49999997), 0.0);
        assert_eq!(round_f32(8388607.5), 8388608.0);
    }

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn frexp_is_exact(bits: u64) {
            check_frexp(f64::from_bits(bits));
        }

        #[test]
        fn round_f64_matches_std(bits: u64) {
            let x = f64::from_bits(bits);
            prop_assume!(!x.is_nan());
            prop_assert_eq!(round_f64(x).to_bits(), x.round().to_bits());
        }

        #[test]
        fn round_f64_matches_std_near_integers(i in -1_000_000i64..1_000_000, frac in 0u32..8) {
            let x = i as f64 + f64::from(frac) / 8.0;
            prop_assert_eq!(round_f64(x).to_bits(), x.round().to_bits());
        }

        #[test]
        fn round_f32_matches_std(bits: u32) {
            let x = f32::from_bits(bits);
            prop_assume!(!x.is_nan());
            prop_assert_eq!(round_f32(x).to_bits(), x.round().to_bits());
        }
    }
}
