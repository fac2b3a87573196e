//! The models the firmware runs, each with its test inputs and expected
//! outputs.

pub mod digits;

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
