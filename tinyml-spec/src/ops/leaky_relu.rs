//! `leaky_relu(alpha = A)`: `x` for `x ≥ 0`, `A · x` below (TFLite's
//! LEAKY_RELU), element-wise and in place. `alpha` is required: Keras'
//! `LeakyReLU` layer defaults to 0.3 but `keras.activations.leaky_relu`
//! (and `tf.nn.leaky_relu`) to 0.2, so no default would be right for all.
//! An `i8` leaky ReLU may requantize, so it keeps a record.

use alloc::string::String;
use alloc::vec::Vec;

use super::{Memory, Op, element_wise};
use crate::shape::ShapeError;

/// The slope below zero.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LeakyRelu {
    /// Finite and at least 0.
    pub alpha: f32,
}

impl Op for LeakyRelu {
    const NAME: &'static str = "leaky_relu";
    const MEMORY: Memory = Memory::InPlace;
    const RECORD: Option<u8> = Some(12);

    fn output_shape(&self, inputs: &[&[usize]]) -> Result<Vec<usize>, ShapeError> {
        Ok(element_wise(inputs))
    }

    /// `{:?}` is the shortest text that reads back as the same `f32`, and
    /// always a float literal (`0.0`, `0.3`, `1e-5`).
    fn dsl(&self) -> String {
        alloc::format!("{}(alpha = {:?})", Self::NAME, self.alpha)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dsl_text_reads_back_as_the_same_alpha() {
        for alpha in [0.3f32, 0.2, 0.0, 1.0, 1e-5, 0.1 + 0.2] {
            let text = LeakyRelu { alpha }.dsl();
            let value = text
                .strip_prefix("leaky_relu(alpha = ")
                .and_then(|t| t.strip_suffix(')'))
                .expect("the DSL form");
            assert!(value.contains(['.', 'e']), "{text} is not a float literal");
            assert_eq!(value.parse::<f32>(), Ok(alpha));
        }
        assert_eq!(LeakyRelu { alpha: 0.3 }.dsl(), "leaky_relu(alpha = 0.3)");
    }
}
