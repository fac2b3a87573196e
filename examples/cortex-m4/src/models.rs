//! The models the firmware runs, each with its test inputs and expected
//! outputs.

pub mod digits;
pub mod digits_int8;
pub mod gestures;
#[cfg(mlperf)]
pub mod mlperf;

/// Index of the largest element (the first one on ties), as Keras' `argmax`.
pub fn argmax<const N: usize>(values: &[f32; N]) -> usize {
    let mut best = 0;
    for (i, v) in values.iter().enumerate() {
        if *v > values[best] {
            best = i;
        }
    }
    best
}

/// Largest absolute difference of two outputs.
pub fn max_abs_diff<const N: usize>(a: &[f32; N], b: &[f32; N]) -> f32 {
    a.iter().zip(b).fold(0.0, |m, (x, y)| m.max((x - y).abs()))
}

/// Largest |a − b| of two int8 outputs, in LSB.
pub fn max_lsb_diff<const N: usize>(a: &[i8; N], b: &[i8; N]) -> u32 {
    a.iter()
        .zip(b)
        .map(|(&x, &y)| (i32::from(x) - i32::from(y)).unsigned_abs())
        .max()
        .unwrap_or(0)
}
