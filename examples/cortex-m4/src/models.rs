//! The models the firmware runs, each with its test inputs and expected
//! predictions.

pub mod placeholder;

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
