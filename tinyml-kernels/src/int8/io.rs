//! Between real values and a model's `int8` input and output, as TFLite's
//! `QUANTIZE` and `DEQUANTIZE` compute them. For the caller's side of a
//! model; never used inside inference.

use super::float::round_f32;

/// `clamp(round(x / scale) + zero_point, −128, 127)` for each value, with
/// `round` to nearest, ties away from zero (TFLite's `QUANTIZE`).
pub fn quantize<const N: usize>(values: &[f32; N], scale: f32, zero_point: i32) -> [i8; N] {
    values.map(|x| {
        let q = round_f32(x / scale);
        // `as` saturates (and maps NaN to 0) before the offset is added.
        let q = (q as i32).saturating_add(zero_point);
        q.clamp(i32::from(i8::MIN), i32::from(i8::MAX)) as i8
    })
}

/// `scale · (q − zero_point)` for each value (TFLite's `DEQUANTIZE`).
pub fn dequantize<const N: usize>(values: &[i8; N], scale: f32, zero_point: i32) -> [f32; N] {
    values.map(|q| scale * (i32::from(q) - zero_point) as f32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_half_away_from_zero_and_saturates() {
        let q = quantize(&[0.25, -0.25, 0.75, 1000.0, -1000.0, f32::NAN], 0.5, 3);
        assert_eq!(q, [4, 2, 5, 127, -128, 3]);
    }

    #[test]
    fn dequantize_inverts_on_the_grid() {
        let q: [i8; 4] = [-128, -1, 0, 127];
        let x = dequantize(&q, 0.5, -1);
        assert_eq!(x, [-63.5, 0.0, 0.5, 64.0]);
        assert_eq!(quantize(&x, 0.5, -1), q);
    }
}
