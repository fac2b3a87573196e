//! The scalar type of a model, and all of its arithmetic.
//!
//! Every rounding and saturation decision of the kernels lives here, so the
//! numerics of a model can be read in one place. The kernels only ever
//! accumulate (`acc_from_bias`, `mac`, `sum_add`), finish (`from_acc`,
//! `mean`), compare (`max`) and clamp (`clamp_to`).
//!
//! # Fixed point
//!
//! For `FixedI{8,16,32}<F>` a value `v` is stored as the raw integer
//! `r = v · 2^F`. A product of two raw values carries `2F` fractional bits and
//! is exact in [`Element::Acc`]; only [`Element::from_acc`] rounds, once per
//! output. The accumulator widths and the resulting limits are:
//!
//! | type        | raw   | `Acc`  | [`Element::MAX_FAN_IN`]          |
//! |-------------|-------|--------|----------------------------------|
//! | `FixedI8`   | `i8`  | `i32`  | 131 069 (= 2^17 − 3)             |
//! | `FixedI16`  | `i16` | `i64`  | 8 589 934 589 (= 2^33 − 3)       |
//! | `FixedI32`  | `i32` | `i128` | unbounded in practice (> 2^64)   |
//!
//! Derivation for a raw width of `B` bits and an accumulator of `W` bits: one
//! product is at most `(−2^(B−1))² = 2^(2B−2)` in magnitude, the bias moved to
//! the product scale is at most `2^(B−1) · 2^F ≤ 2^(2B−1)`, and rounding adds
//! `2^(F−1) ≤ 2^(B−1)`. So `n` products never overflow while
//! `n · 2^(2B−2) + 2^(2B−1) + 2^(B−1) ≤ 2^(W−1) − 1`. Sums for average
//! pooling have terms of at most `2^(B−1)`, so the same bound covers them.
//! Kernels check their fan-in against `MAX_FAN_IN` at compile time.

use fixed::types::extra::{LeEqU8, LeEqU16, LeEqU32};
use fixed::{FixedI8, FixedI16, FixedI32};

use crate::weights::f32_bits_to_raw_saturating;

mod sealed {
    /// Keeps [`super::Element`] closed: the kernels' numerics are only
    /// specified for the types implemented in this module.
    pub trait Sealed {}
}

/// The scalar type of a model: `f32`, or a signed fixed-point type of the
/// `fixed` crate (`FixedI8<F>`, `FixedI16<F>`, `FixedI32<F>`, e.g. `I4F4`,
/// `I8F8`, `I1F15`, `I16F16`).
///
/// This trait is sealed. See the [module documentation](self) for the
/// accumulator widths of the fixed-point types.
pub trait Element: Copy + PartialOrd + Default + 'static + sealed::Sealed {
    /// Accumulator of products (and of sums for average pooling).
    ///
    /// `f32` for `f32`. For fixed point a wide integer that holds raw
    /// products (with `2F` fractional bits) exactly: `i32` for `FixedI8`,
    /// `i64` for `FixedI16`, `i128` for `FixedI32`.
    type Acc: Copy;

    /// The largest number of products a kernel may accumulate into one
    /// output (also the largest count of an average) without the accumulator
    /// overflowing. `u64::MAX` where no practical limit exists.
    const MAX_FAN_IN: u64;

    /// Whether kernels compute tiles of several output pixels at once (each
    /// weight loaded once for the tile): `f32`, whose accumulators live in
    /// floating-point registers (32 on a Cortex-M4F). Not fixed point, whose
    /// wide accumulators would not fit a Cortex-M's core registers.
    const TILE_PIXELS: bool;

    /// Zero.
    const ZERO: Self;
    /// The lowest value: `−∞` for `f32`, `MIN` for fixed point.
    const LOWEST: Self;
    /// The highest value: `+∞` for `f32`, `MAX` for fixed point.
    const HIGHEST: Self;

    /// Starts an accumulation with `bias`, moved to the product scale.
    ///
    /// Exact: fixed point shifts the raw value left by `F`.
    fn acc_from_bias(bias: Self) -> Self::Acc;

    /// Starts an accumulation of products: zero.
    fn mac_zero() -> Self::Acc;

    /// Adds `bias` to a finished sum of products.
    ///
    /// Kernels add the bias after the last product, in the order TensorFlow
    /// Lite's float kernels use, so `f32` results round the same way. `f32`:
    /// one rounded addition. Fixed point: exact.
    fn add_bias(acc: Self::Acc, bias: Self) -> Self::Acc;

    /// Returns `acc + a · b`.
    ///
    /// `f32`: the product and the sum are each rounded to nearest (no fused
    /// multiply-add). Fixed point: exact (see [`Element::MAX_FAN_IN`]).
    fn mac(acc: Self::Acc, a: Self, b: Self) -> Self::Acc;

    /// Finishes an accumulation of products.
    ///
    /// `f32`: identity. Fixed point: rounds to nearest with ties toward `+∞`
    /// (adds half an output step, then shifts right arithmetically by `F`),
    /// then saturates to `MIN..=MAX`.
    fn from_acc(acc: Self::Acc) -> Self;

    /// Starts a plain sum (in the values' own scale, for average pooling).
    fn sum_zero() -> Self::Acc;

    /// Returns `acc + x`, in the values' own scale. Exact for fixed point.
    fn sum_add(acc: Self::Acc, x: Self) -> Self::Acc;

    /// Divides a sum made by [`Element::sum_add`] by `count` (`count ≥ 1`).
    ///
    /// `f32`: `sum / count as f32`, rounded to nearest. Fixed point: rounds
    /// to nearest with ties away from zero, like TensorFlow Lite's integer
    /// average pooling; a mean of in-range values is always in range, and
    /// the result is saturated anyway.
    fn mean(sum: Self::Acc, count: u32) -> Self;

    /// The larger of `self` and `other`: `other` if `other > self`, else
    /// `self` (as C++'s `std::max`, which TensorFlow Lite uses; for `f32` a
    /// NaN `other` is therefore ignored).
    fn max(self, other: Self) -> Self;

    /// Subtracts `x` from a sum made by [`Element::sum_add`] (exact in the
    /// fixed-point accumulator, like the sum).
    fn sum_sub(acc: Self::Acc, x: Self) -> Self::Acc;

    /// Returns `min(max(self, lo), hi)`, as TensorFlow Lite's fused
    /// activations do, by two comparisons (`f32`: a NaN `self` stays NaN).
    /// Never panics, even if `lo > hi` (then the result is `hi`).
    fn clamp_to(self, lo: Self, hi: Self) -> Self;

    /// `v` as `Self`: exact when representable, else saturated to
    /// `MIN..=MAX` (fixed point) or rounded to nearest (`f32`).
    fn from_i32_saturating(v: i32) -> Self;

    /// `self` as `f32`, rounded to nearest, ties to even (exact for `f32`,
    /// `FixedI8` and `FixedI16`).
    fn to_f32(self) -> f32;

    /// `v` as `Self`. `f32`: identity. Fixed point: rounds to nearest with
    /// ties away from zero and saturates to `MIN..=MAX` (±∞ included); NaN
    /// becomes zero.
    fn from_f32_saturating(v: f32) -> Self;
}

impl sealed::Sealed for f32 {}

impl Element for f32 {
    type Acc = f32;
    const MAX_FAN_IN: u64 = u64::MAX;
    const TILE_PIXELS: bool = true;
    const ZERO: Self = 0.0;
    const LOWEST: Self = f32::NEG_INFINITY;
    const HIGHEST: Self = f32::INFINITY;

    #[inline(always)]
    fn acc_from_bias(bias: Self) -> f32 {
        bias
    }

    #[inline(always)]
    fn mac_zero() -> f32 {
        0.0
    }

    #[inline(always)]
    fn add_bias(acc: f32, bias: Self) -> f32 {
        acc + bias
    }

    #[inline(always)]
    fn mac(acc: f32, a: Self, b: Self) -> f32 {
        acc + a * b
    }

    #[inline(always)]
    fn from_acc(acc: f32) -> Self {
        acc
    }

    #[inline(always)]
    fn sum_zero() -> f32 {
        0.0
    }

    #[inline(always)]
    fn sum_add(acc: f32, x: Self) -> f32 {
        acc + x
    }

    #[inline(always)]
    fn mean(sum: f32, count: u32) -> Self {
        sum / count as f32
    }

    // Plain comparisons rather than `f32::max`/`f32::min`: those call
    // `fmaxf`/`fminf` on FPUs without a NaN-aware max, such as Cortex-M4's.
    #[inline(always)]
    fn max(self, other: Self) -> Self {
        if other > self { other } else { self }
    }

    #[inline(always)]
    fn sum_sub(acc: f32, x: Self) -> f32 {
        acc - x
    }

    #[inline(always)]
    fn clamp_to(self, lo: Self, hi: Self) -> Self {
        let x = if self < lo { lo } else { self };
        if x > hi { hi } else { x }
    }

    #[inline(always)]
    fn from_i32_saturating(v: i32) -> Self {
        v as f32
    }

    #[inline(always)]
    fn to_f32(self) -> f32 {
        self
    }

    #[inline(always)]
    fn from_f32_saturating(v: f32) -> Self {
        v
    }
}

/// `2^-frac` as `f32`; exact for `frac ≤ 126`.
const fn pow2_neg(frac: u32) -> f32 {
    f32::from_bits((127 - frac) << 23)
}

/// Implements [`Element`] for one signed fixed-point family.
macro_rules! fixed_element {
    ($Fixed:ident, $LeEqU:ident, $Raw:ty, $Acc:ty, $Product:ty, $raw_to_f32:path) => {
        impl<F: $LeEqU> sealed::Sealed for $Fixed<F> {}

        impl<F: $LeEqU> Element for $Fixed<F> {
            type Acc = $Acc;

            const MAX_FAN_IN: u64 = {
                let raw_bits = <$Raw>::BITS;
                let worst_bias_and_rounding = (1 << (2 * raw_bits - 1)) + (1 << (raw_bits - 1));
                let worst_product: $Acc = 1 << (2 * raw_bits - 2);
                let n = (<$Acc>::MAX - worst_bias_and_rounding) / worst_product;
                // `n` is positive; saturate it to `u64` for `i128`.
                if (n as u128) >> 64 != 0 {
                    u64::MAX
                } else {
                    n as u64
                }
            };
            const TILE_PIXELS: bool = false;
            const ZERO: Self = Self::ZERO;
            const LOWEST: Self = Self::MIN;
            const HIGHEST: Self = Self::MAX;

            #[inline(always)]
            fn acc_from_bias(bias: Self) -> $Acc {
                <$Acc>::from(bias.to_bits()) << Self::FRAC_NBITS
            }

            #[inline(always)]
            fn mac_zero() -> $Acc {
                0
            }

            #[inline(always)]
            fn add_bias(acc: $Acc, bias: Self) -> $Acc {
                acc + <Self as Element>::acc_from_bias(bias)
            }

            #[inline(always)]
            fn mac(acc: $Acc, a: Self, b: Self) -> $Acc {
                // The product of two raw values always fits the type of twice
                // their width, which is cheaper than multiplying in `Acc`.
                let product = <$Product>::from(a.to_bits()) * <$Product>::from(b.to_bits());
                acc + <$Acc>::from(product)
            }

            #[inline(always)]
            fn from_acc(acc: $Acc) -> Self {
                let half: $Acc = (1 << Self::FRAC_NBITS) >> 1;
                let rounded = (acc + half) >> Self::FRAC_NBITS;
                Self::from_bits(rounded.clamp(<$Raw>::MIN.into(), <$Raw>::MAX.into()) as $Raw)
            }

            #[inline(always)]
            fn sum_zero() -> $Acc {
                0
            }

            #[inline(always)]
            fn sum_add(acc: $Acc, x: Self) -> $Acc {
                acc + <$Acc>::from(x.to_bits())
            }

            #[inline(always)]
            fn mean(sum: $Acc, count: u32) -> Self {
                // A count beyond `MAX_FAN_IN` cannot occur; saturating keeps
                // this free of a panic path.
                let count = <$Acc>::try_from(count).unwrap_or(<$Acc>::MAX);
                // Division truncates toward zero, so moving the sum half a
                // count away from zero first rounds ties away from zero.
                let half = count / 2;
                let rounded = if sum >= 0 {
                    (sum + half) / count
                } else {
                    (sum - half) / count
                };
                Self::from_bits(rounded.clamp(<$Raw>::MIN.into(), <$Raw>::MAX.into()) as $Raw)
            }

            #[inline(always)]
            fn max(self, other: Self) -> Self {
                Ord::max(self, other)
            }

            #[inline(always)]
            fn sum_sub(acc: $Acc, x: Self) -> $Acc {
                acc - <$Acc>::from(x.to_bits())
            }

            #[inline(always)]
            fn clamp_to(self, lo: Self, hi: Self) -> Self {
                Ord::min(Ord::max(self, lo), hi)
            }

            #[inline(always)]
            fn from_i32_saturating(v: i32) -> Self {
                let raw = i128::from(v) << Self::FRAC_NBITS;
                Self::from_bits(raw.clamp(<$Raw>::MIN.into(), <$Raw>::MAX.into()) as $Raw)
            }

            #[inline(always)]
            fn to_f32(self) -> f32 {
                // Converting the raw integer is the only rounding; scaling by
                // a power of two is exact.
                $raw_to_f32(self.to_bits()) * pow2_neg(Self::FRAC_NBITS)
            }

            #[inline(always)]
            fn from_f32_saturating(v: f32) -> Self {
                let raw = f32_bits_to_raw_saturating(v.to_bits(), Self::FRAC_NBITS, <$Raw>::BITS);
                Self::from_bits(raw as $Raw)
            }
        }
    };
}

/// `v` as `f32`, rounded to nearest, ties to even.
fn i32_to_f32(v: i32) -> f32 {
    v as f32
}

fixed_element!(FixedI8, LeEqU8, i8, i32, i16, f32::from);
fixed_element!(FixedI16, LeEqU16, i16, i64, i32, f32::from);
fixed_element!(FixedI32, LeEqU32, i32, i128, i64, i32_to_f32);

#[cfg(test)]
mod tests;
