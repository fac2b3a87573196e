//! The quantization arithmetic against exact wide-integer references, on
//! edge cases and random inputs, and `quantize_multiplier` against TFLM's
//! own test values.

extern crate std;

use proptest::prelude::*;

use super::*;

/// `n / 2^e` rounded to nearest, ties away from zero, exactly.
fn round_div_pow2(n: i128, e: u32) -> i128 {
    let d = 1i128 << e;
    let half = d / 2;
    if n >= 0 {
        (n + half) / d
    } else {
        -((-n + half) / d)
    }
}

/// `⌊a · b / 2^31 + 1/2⌋` (ties toward +∞), saturated, exactly.
fn srdhm_reference(a: i32, b: i32) -> i32 {
    let exact = (i128::from(a) * i128::from(b) + (1 << 30)) >> 31;
    exact.clamp(i32::MIN.into(), i32::MAX.into()) as i32
}

#[test]
fn srdhm_edge_cases() {
    assert_eq!(
        saturating_rounding_doubling_high_mul(i32::MIN, i32::MIN),
        i32::MAX
    );
    assert_eq!(
        saturating_rounding_doubling_high_mul(i32::MIN, i32::MAX),
        -i32::MAX
    );
    assert_eq!(
        saturating_rounding_doubling_high_mul(i32::MAX, i32::MAX),
        i32::MAX - 1
    );
    assert_eq!(saturating_rounding_doubling_high_mul(0, i32::MIN), 0);
    // 1 · 2^30 / 2^31 = 0.5: ties go toward +∞, for both signs.
    assert_eq!(saturating_rounding_doubling_high_mul(1, 1 << 30), 1);
    assert_eq!(saturating_rounding_doubling_high_mul(-1, 1 << 30), 0);
    assert_eq!(saturating_rounding_doubling_high_mul(-3, 1 << 30), -1);
    assert_eq!(saturating_rounding_doubling_high_mul(-5, 1 << 30), -2);
    // 3 · 2^29 / 2^31 = 0.75 and −0.75; 2^29 / 2^31 = 0.25 and −0.25.
    assert_eq!(saturating_rounding_doubling_high_mul(3, 1 << 29), 1);
    assert_eq!(saturating_rounding_doubling_high_mul(-3, 1 << 29), -1);
    assert_eq!(saturating_rounding_doubling_high_mul(1, 1 << 29), 0);
    assert_eq!(saturating_rounding_doubling_high_mul(-1, 1 << 29), 0);
}

#[test]
fn rounding_divide_by_pot_edge_cases() {
    // Ties away from zero, including negative ties.
    assert_eq!(rounding_divide_by_pot(5, 1), 3);
    assert_eq!(rounding_divide_by_pot(-5, 1), -3);
    assert_eq!(rounding_divide_by_pot(-3, 1), -2);
    assert_eq!(rounding_divide_by_pot(-6, 2), -2); // −1.5
    assert_eq!(rounding_divide_by_pot(-5, 2), -1); // −1.25
    assert_eq!(rounding_divide_by_pot(-7, 2), -2); // −1.75
    assert_eq!(rounding_divide_by_pot(6, 2), 2);
    assert_eq!(rounding_divide_by_pot(-1, 1), -1); // −0.5
    assert_eq!(rounding_divide_by_pot(1, 1), 1);
    // Exponent 0 and 31.
    assert_eq!(rounding_divide_by_pot(i32::MIN, 0), i32::MIN);
    assert_eq!(rounding_divide_by_pot(i32::MIN, 31), -1);
    assert_eq!(rounding_divide_by_pot(i32::MAX, 31), 1);
    assert_eq!(rounding_divide_by_pot(1 << 30, 31), 1); // 0.5
    assert_eq!(rounding_divide_by_pot(-(1 << 30), 31), -1); // −0.5
    assert_eq!(rounding_divide_by_pot((1 << 30) - 1, 31), 0);
    // Out-of-contract exponents are clamped, not a panic.
    assert_eq!(rounding_divide_by_pot(100, -3), 100);
    assert_eq!(rounding_divide_by_pot(i32::MAX, 40), 1);
}

#[test]
fn multiply_by_quantized_multiplier_edge_cases() {
    // M = 0.5 (2^30 · 2^-31), no shift: the multiply rounds ties toward
    // +∞, so 1.5 → 2 but −1.5 → −1.
    assert_eq!(multiply_by_quantized_multiplier(3, 1 << 30, 0), 2);
    assert_eq!(multiply_by_quantized_multiplier(-3, 1 << 30, 0), -1);
    // M = 0.25 as 0.5 · 2^-1: the shift rounds ties away from zero, so
    // −6 · 0.25 = −1.5 → −2 (−3 exactly after the multiply).
    assert_eq!(multiply_by_quantized_multiplier(-6, 1 << 30, -1), -2);
    // Shift −31: M = 0.5 · 2^-31. (2^31 − 1) · M = 0.4999999998, but the
    // multiply rounds to 2^30 and the shift rounds that 0.5 up: 1.
    assert_eq!(multiply_by_quantized_multiplier(i32::MAX, 1 << 30, -31), 1);
    assert_eq!(
        multiply_by_quantized_multiplier(i32::MAX - 2, 1 << 30, -31),
        0
    );
    assert_eq!(
        multiply_by_quantized_multiplier(i32::MIN, i32::MAX, -31),
        -1
    );
    // Shift +31: x · 2^31 wraps (TFLM's `x * (1 << 31)`); only even x vanish.
    assert_eq!(multiply_by_quantized_multiplier(2, 1 << 30, 31), 0);
    assert_eq!(multiply_by_quantized_multiplier(1, 1 << 30, 31), -(1 << 30));
    // Saturation: i32::MIN · i32::MIN inside.
    assert_eq!(
        multiply_by_quantized_multiplier(i32::MIN, i32::MIN, 0),
        i32::MAX
    );
    // Double rounding differs from single rounding: 5 · 0.5 = 2.5 rounds
    // to 3, then 3 / 2 = 1.5 rounds to 2, where one rounding of 1.25 gives 1.
    let m = 1 << 30; // 0.5
    assert_eq!(saturating_rounding_doubling_high_mul(5, m), 3);
    assert_eq!(multiply_by_quantized_multiplier(5, m, -1), 2);
    assert_eq!(
        multiply_by_quantized_multiplier_smaller_than_one(5, m, -1),
        2
    );
}

#[test]
fn quantize_multiplier_matches_tflm_tests() {
    // tflite-micro tensorflow/lite/micro/kernels/quantization_util_test.cc.
    assert_eq!(quantize_multiplier(0.0), (0, 0));
    assert_eq!(quantize_multiplier(1.0), (0x4000_0000, 1));
    assert_eq!(quantize_multiplier(0.25), (0x4000_0000, -1));
    assert_eq!(quantize_multiplier(-1.0), (-(1 << 30), 1));
    let (m, s) = quantize_multiplier(123.45);
    assert_eq!((m, s), (2_071_147_315, 7));
    let cases = [
        (-4.0, -1_073_741_824, 3),
        (-2.0, -1_073_741_824, 2),
        (-0.5, -1_073_741_824, 0),
        (-0.125, -1_073_741_824, -2),
        (0.125, 1_073_741_824, -2),
        (0.5, 1_073_741_824, 0),
        (2.0, 1_073_741_824, 2),
        (4.0, 1_073_741_824, 3),
    ];
    for (real, m, s) in cases {
        assert_eq!(quantize_multiplier(real), (m, s), "{real}");
    }
}

#[test]
fn quantize_multiplier_edge_cases() {
    // Rounds up to 2^31: becomes 2^30 with the shift one higher.
    let just_below_one = f64::from_bits(1.0f64.to_bits() - 1);
    assert_eq!(quantize_multiplier(just_below_one), (1 << 30, 1));
    assert_eq!(quantize_multiplier(-just_below_one), (i32::MIN, 0));
    // Shift −31 survives, −32 is flushed to zero.
    assert_eq!(quantize_multiplier(2f64.powi(-32)), (1 << 30, -31));
    assert_eq!(quantize_multiplier(0.75 * 2f64.powi(-31)), (3 << 29, -31));
    assert_eq!(quantize_multiplier(0.75 * 2f64.powi(-32)), (0, 0));
    assert_eq!(quantize_multiplier(2f64.powi(-33)), (0, 0));
    assert_eq!(quantize_multiplier(f64::from_bits(1)), (0, 0));
    assert_eq!(quantize_multiplier(-1e-300), (0, 0));
    // Large multipliers keep large shifts.
    assert_eq!(quantize_multiplier(2f64.powi(40)), (1 << 30, 41));
    // Ties of the Q31 rounding go away from zero.
    let tie = (f64::from((1 << 30) + 1) - 0.5) / 2f64.powi(31);
    assert_eq!(quantize_multiplier(tie), ((1 << 30) + 1, 0));
    assert_eq!(quantize_multiplier(-tie), (-(1 << 30) - 1, 0));
}

#[test]
#[should_panic(expected = "finite")]
fn quantize_multiplier_rejects_nan() {
    let _ = quantize_multiplier(f64::NAN);
}

#[test]
fn quantize_multiplier_runs_at_compile_time() {
    const M: (i32, i32) = quantize_multiplier(0.0123);
    assert_eq!(M, quantize_multiplier(std::hint::black_box(0.0123)));
}

#[test]
fn smaller_and_greater_than_one() {
    assert_eq!(
        quantize_multiplier_smaller_than_one(0.5),
        Some((1 << 30, 0))
    );
    assert_eq!(quantize_multiplier_smaller_than_one(1.0), None);
    assert_eq!(quantize_multiplier_smaller_than_one(0.0), None);
    let just_below_one = f64::from_bits(1.0f64.to_bits() - 1);
    assert_eq!(quantize_multiplier_smaller_than_one(just_below_one), None);
    assert_eq!(
        quantize_multiplier_greater_than_one(3.0),
        Some((3 << 29, 2))
    );
    assert_eq!(quantize_multiplier_greater_than_one(1.0), None);
    assert_eq!(quantize_multiplier_greater_than_one(f64::INFINITY), None);
}

#[test]
fn softmax_scaling_matches_tflm_tests() {
    // tflite-micro tensorflow/lite/micro/kernels/quantization_util_test.cc.
    assert_eq!(
        preprocess_softmax_scaling(1.0, 16.0, 4),
        Some((2_147_483_647, 31))
    );
    assert_eq!(
        preprocess_softmax_scaling(1.0, 8.0, 4),
        Some((1_073_741_824, 31))
    );
    assert_eq!(
        preprocess_softmax_scaling(2.0, 16.0, 5),
        Some((2_147_483_647, 31))
    );
    assert_eq!(
        preprocess_softmax_scaling(2.0, 8.0, 5),
        Some((1_073_741_824, 31))
    );
    assert_eq!(preprocess_softmax_scaling(1.0, 1e-9, 5), None);
    assert_eq!(calculate_input_radius(4, 27), 15);
    assert_eq!(calculate_input_radius(3, 27), 14);
    assert_eq!(calculate_input_radius(3, 28), 7);
    assert_eq!(calculate_input_radius(4, 2), 503_316_480);
    assert_eq!(calculate_input_radius(5, 63), 0);
}

#[test]
fn exp_and_reciprocal_are_accurate() {
    // exp(0) is one; exp(−x) for x in Q5.26 close to f64's.
    assert_eq!(exp_on_negative_values::<5>(0), i32::MAX);
    for i in 0..=3200 {
        let x = -(i64::from(i) << 26) / 100; // −i/100
        let got = f64::from(exp_on_negative_values::<5>(x as i32)) / 2f64.powi(31);
        let want = (x as f64 / 2f64.powi(26)).exp();
        // The fourth-order Taylor step is good to about 2.5e-7.
        assert!((got - want).abs() < 3e-7, "exp({x}) = {got}, want {want}");
    }
    for i in 0..1000 {
        let a = (i64::from(i) << 31) / 1000; // i/1000 in Q0
        let got = f64::from(one_over_one_plus_x_for_x_in_0_1(a as i32)) / 2f64.powi(31);
        let want = 1.0 / (1.0 + a as f64 / 2f64.powi(31));
        assert!((got - want).abs() < 1e-8, "1/(1+{a}) = {got}, want {want}");
    }
    // 3.0 in Q12: 1/3 = scale · 2^−1.
    let (scale, bits) = reciprocal(3 << 19, 12);
    assert_eq!(bits, 1);
    assert!((f64::from(scale) / 2f64.powi(31) / 2.0 - 1.0 / 3.0).abs() < 1e-8);
    // Saturating left shift of the rescale.
    assert_eq!(saturating_rounding_multiply_by_pot(1 << 29, 2), i32::MAX);
    assert_eq!(saturating_rounding_multiply_by_pot(-(1 << 29), 2), i32::MIN);
    assert_eq!(
        saturating_rounding_multiply_by_pot((1 << 29) - 1, 2),
        i32::MAX - 3
    );
    assert_eq!(saturating_rounding_multiply_by_pot(-6, -2), -2);
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn srdhm_matches_exact(a: i32, b: i32) {
        prop_assert_eq!(saturating_rounding_doubling_high_mul(a, b), srdhm_reference(a, b));
    }

    #[test]
    fn rounding_divide_matches_exact(x: i32, e in 0i32..=31) {
        let want = round_div_pow2(i128::from(x), e as u32) as i32;
        prop_assert_eq!(rounding_divide_by_pot(x, e), want);
    }

    #[test]
    fn multiply_by_quantized_multiplier_is_two_roundings(
        x: i32,
        m in (1i32 << 30)..=i32::MAX,
        shift in -31i32..=30,
    ) {
        let left = shift.max(0) as u32;
        let right = (-shift).max(0) as u32;
        let shifted = (i64::from(x) << left) as i32; // wraps like TFLM's
        let high = srdhm_reference(shifted, m);
        let want = round_div_pow2(i128::from(high), right) as i32;
        prop_assert_eq!(multiply_by_quantized_multiplier(x, m, shift), want);
    }

    #[test]
    fn quantize_multiplier_matches_std(bits in 0x3800_0000_0000_0000u64..0x4800_0000_0000_0000, negative: bool) {
        // |real| from about 2^-127 to 2^128.
        let real = if negative { -f64::from_bits(bits) } else { f64::from_bits(bits) };
        let (m, s) = quantize_multiplier(real);
        // Reference with std: find the power of two by comparison, scale
        // exactly, round with `f64::round`.
        let mut e = 0i32;
        while real.abs() >= 2f64.powi(e) { e += 1; }
        while real.abs() < 2f64.powi(e - 1) { e -= 1; }
        let mut q = (real / 2f64.powi(e) * 2f64.powi(31)).round() as i64;
        if q == 1 << 31 { q /= 2; e += 1; }
        let want = if e < -31 { (0, 0) } else { (q as i32, e) };
        prop_assert_eq!((m, s), want);
    }
}
