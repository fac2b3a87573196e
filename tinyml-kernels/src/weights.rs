//! Compile-time decoders from weight files to typed arrays.
//!
//! Generated code turns `include_bytes!` data into typed constants:
//!
//! ```
//! use fixed::types::I8F8;
//! use tinyml_kernels::weights::{f32_le, fixed_i16_from_f32_le};
//!
//! const BYTES: &[u8] = &[0x00, 0x00, 0xc0, 0x3f, 0x00, 0x00, 0x80, 0xbf]; // 1.5, -1.0
//! const W_F32: [f32; 2] = f32_le(BYTES);
//! const W_FIXED: [I8F8; 2] = fixed_i16_from_f32_le(BYTES); // Frac and N inferred
//! assert_eq!(W_F32, [1.5, -1.0]);
//! assert_eq!(W_FIXED, [I8F8::from_num(1.5), I8F8::from_num(-1)]);
//! ```
//!
//! Weight files always hold little-endian `f32` values, so one file serves
//! the `f32` model and every fixed-point variant of it. The decoders are
//! `const fn`: used in a `const` item they run during compilation, where a
//! panic (wrong length, NaN for a fixed-point type) is a compile error. The
//! `tiny_model!` macro checks lengths and ranges first with friendlier
//! errors, so these panics are a backstop.
//!
//! Conversion to fixed point is done in integer arithmetic on the bit
//! pattern, so it is exact before its single rounding: to nearest, ties away
//! from zero, then saturation to the type's range. Subnormals and `-0.0` are
//! handled like any other value (they round to zero or the smallest step).

use fixed::types::extra::{LeEqU8, LeEqU16, LeEqU32};
use fixed::{FixedI8, FixedI16, FixedI32};

/// Reads the `index`-th little-endian `f32` bit pattern of `bytes`.
const fn f32_bits_at(bytes: &[u8], index: usize) -> u32 {
    let i = 4 * index;
    u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]])
}

/// Panics (a compile error in const evaluation) unless `bytes` holds exactly
/// `n` `f32` values.
const fn assert_f32_count(bytes: &[u8], n: usize) {
    assert!(
        bytes.len() == 4 * n,
        "weight data must hold exactly 4 bytes per value"
    );
}

/// Decodes `N` little-endian `f32` values.
///
/// # Panics
///
/// If `bytes.len() != 4 * N` (at compile time when used in a `const`):
///
/// ```compile_fail
/// const W: [f32; 2] = tinyml_kernels::weights::f32_le(&[0; 7]);
/// ```
pub const fn f32_le<const N: usize>(bytes: &[u8]) -> [f32; N] {
    assert_f32_count(bytes, N);
    let mut out = [0.0; N];
    let mut i = 0;
    while i < N {
        out[i] = f32::from_bits(f32_bits_at(bytes, i));
        i += 1;
    }
    out
}

/// The raw integer of the fixed-point number with `frac` fractional bits
/// and `raw_bits` total bits nearest to the `f32` with bit pattern `bits`.
///
/// Rounds to nearest with ties away from zero, then saturates to
/// `-2^(raw_bits-1) ..= 2^(raw_bits-1) - 1`; ±∞ saturate, NaN gives 0.
/// Requires `frac ≤ raw_bits ≤ 32`.
pub(crate) const fn f32_bits_to_raw_saturating(bits: u32, frac: u32, raw_bits: u32) -> i128 {
    let negative = bits >> 31 != 0;
    let biased_exp = (bits >> 23) & 0xff;
    let fraction = bits & 0x7f_ffff;
    let max = (1i128 << (raw_bits - 1)) - 1;
    let min = -(1i128 << (raw_bits - 1));
    if biased_exp == 0xff {
        return if fraction != 0 {
            0 // NaN
        } else if negative {
            min
        } else {
            max
        };
    }
    // |value| = significand · 2^exp exactly, so |raw| = significand · 2^(exp + frac).
    let (significand, exp) = if biased_exp == 0 {
        (fraction, -149) // subnormal (or zero)
    } else {
        (fraction | 1 << 23, biased_exp as i32 - 150)
    };
    let shift = exp + frac as i32;
    let magnitude: i128 = if shift >= 0 {
        if shift >= 64 {
            i128::MAX // a normal number this large saturates any raw width
        } else {
            (significand as i128) << shift
        }
    } else if shift < -25 {
        0 // below half of one step: significand < 2^24 ≤ 2^(-shift-1)
    } else {
        let right = (-shift) as u32;
        // Adding half a step to the magnitude rounds ties away from zero.
        ((significand as i128) + (1 << (right - 1))) >> right
    };
    if negative {
        if magnitude > -min { min } else { -magnitude }
    } else if magnitude > max {
        max
    } else {
        magnitude
    }
}

/// Panics if the `f32` with bit pattern `bits` is NaN: a fixed-point weight
/// has no NaN, and silently using zero would hide a corrupt weight file.
const fn assert_not_nan(bits: u32) {
    assert!(
        bits & 0x7fff_ffff <= 0x7f80_0000,
        "weight data contains NaN, which fixed point cannot represent"
    );
}

/// Defines one `fixed_iN_from_f32_le` decoder.
macro_rules! fixed_decoder {
    ($(#[$doc:meta])* $name:ident, $Fixed:ident, $LeEqU:ident, $Raw:ty) => {
        $(#[$doc])*
        ///
        /// Each value is rounded to nearest (ties away from zero) and
        /// saturated to the type's range. `F` and `N` are usually inferred
        /// from the type of the `const` item receiving the result.
        ///
        /// # Panics
        ///
        /// If `bytes.len() != 4 * N` or a value is NaN (at compile time when
        /// used in a `const`).
        pub const fn $name<F: $LeEqU, const N: usize>(bytes: &[u8]) -> [$Fixed<F>; N] {
            assert_f32_count(bytes, N);
            let mut out = [$Fixed::<F>::ZERO; N];
            let mut i = 0;
            while i < N {
                let bits = f32_bits_at(bytes, i);
                assert_not_nan(bits);
                let raw = f32_bits_to_raw_saturating(bits, $Fixed::<F>::FRAC_NBITS, <$Raw>::BITS);
                out[i] = $Fixed::<F>::from_bits(raw as $Raw);
                i += 1;
            }
            out
        }
    };
}

fixed_decoder!(
    /// Decodes `N` little-endian `f32` values into `FixedI8<F>` (e.g. `I4F4`).
    fixed_i8_from_f32_le, FixedI8, LeEqU8, i8
);
fixed_decoder!(
    /// Decodes `N` little-endian `f32` values into `FixedI16<F>` (e.g. `I8F8`).
    fixed_i16_from_f32_le, FixedI16, LeEqU16, i16
);
fixed_decoder!(
    /// Decodes `N` little-endian `f32` values into `FixedI32<F>` (e.g. `I16F16`).
    fixed_i32_from_f32_le, FixedI32, LeEqU32, i32
);

#[cfg(test)]
mod tests;
