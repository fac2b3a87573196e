//! The hyperbolic tangent for `f32`.

use super::exp_f32;

/// `tanh x` for `f32` (Cephes' `tanhf`): below |x| = 0.625 an odd
/// polynomial (no cancellation near 0), above it `1 − 2 / (e^2|x| + 1)`
/// with the sign of `x`, and `±1` beyond |x| = 9, where the true value
/// rounds to ±1 in `f32` (so `e^2|x|` never overflows). NaN stays NaN.
pub fn tanh_f32(x: f32) -> f32 {
    let magnitude = x.abs();
    if magnitude > 9.0 {
        return 1.0f32.copysign(x);
    }
    if magnitude >= 0.625 {
        let t = 1.0 - 2.0 / (exp_f32(2.0 * magnitude) + 1.0);
        return t.copysign(x);
    }
    let z = x * x;
    let p = (((-5.704_988_7e-3 * z + 2.063_909e-2) * z - 5.373_971_6e-2) * z + 1.333_144_2e-1) * z
        - 3.333_328e-1;
    p * z * x + x
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;

    #[test]
    fn within_a_few_ulps_of_std() {
        for i in -20_000..=20_000 {
            let x = i as f32 / 1000.0;
            let exact = f64::from(x).tanh();
            let ours = f64::from(tanh_f32(x));
            assert!(
                (ours - exact).abs()
                    <= 3.0
                        * f64::from(f32::EPSILON)
                        * exact.abs().max(f64::from(f32::MIN_POSITIVE)),
                "tanh({x}) = {ours}, want {exact}"
            );
        }
        assert_eq!(tanh_f32(0.0), 0.0);
        assert_eq!(tanh_f32(1e-30), 1e-30);
        assert_eq!(tanh_f32(50.0), 1.0);
        assert_eq!(tanh_f32(-50.0), -1.0);
        assert!(tanh_f32(f32::NAN).is_nan());
    }
}
