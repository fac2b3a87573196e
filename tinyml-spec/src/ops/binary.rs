//! What the element-wise layers of two operands share (`add`, `sub`, `mul`,
//! `maximum`, `minimum`): the second operand, which is a named tensor
//! (`sub(a, b)`, starting a chain) or a constant from the weights
//! (`-> sub(constant[6])` in a chain), and TFLite's broadcasting.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::ParamShape;
use crate::shape::{MAX_BROADCAST_RANK, ShapeError};

/// The second operand of an element-wise layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Operand {
    /// A second tensor: `sub(a, b)`.
    Tensor,
    /// A constant of this shape, read from the weights like a layer's
    /// weights: `sub(constant[6])` computes `input − constant`.
    Constant(Vec<usize>),
}

impl Operand {
    /// How many tensors the layer reads.
    pub fn inputs(&self) -> usize {
        match self {
            Operand::Tensor => 2,
            Operand::Constant(_) => 1,
        }
    }

    /// The output shape: the operands broadcast; a constant may not make
    /// it larger than the input.
    pub fn output_shape(
        &self,
        layer: &'static str,
        inputs: &[&[usize]],
    ) -> Result<Vec<usize>, ShapeError> {
        match self {
            Operand::Tensor => broadcast(layer, inputs[0], inputs[1]),
            Operand::Constant(constant) => {
                let shape = broadcast(layer, inputs[0], constant)?;
                if shape != inputs[0] {
                    return Err(ShapeError::ConstantGrows {
                        layer,
                        input: inputs[0].to_vec(),
                        constant: constant.clone(),
                    });
                }
                Ok(shape)
            }
        }
    }

    /// The constant is the layer's only parameter (no bias).
    pub fn params(&self) -> Option<ParamShape> {
        match self {
            Operand::Tensor => None,
            Operand::Constant(shape) => Some(ParamShape {
                weights: shape.clone(),
                bias: 0,
            }),
        }
    }

    /// `sub` or `sub(constant[6])`.
    pub fn dsl(&self, name: &str) -> String {
        match self {
            Operand::Tensor => name.into(),
            Operand::Constant(shape) => {
                let dims: Vec<String> = shape.iter().map(|d| format!("{d}")).collect();
                format!("{name}(constant[{}])", dims.join(", "))
            }
        }
    }
}

/// TFLite's (and NumPy's) broadcasting: shapes aligned at their last
/// dimension, each pair equal or one of them 1 (a missing dimension is 1).
pub fn broadcast(layer: &'static str, a: &[usize], b: &[usize]) -> Result<Vec<usize>, ShapeError> {
    for shape in [a, b] {
        if shape.len() > MAX_BROADCAST_RANK {
            return Err(ShapeError::Rank {
                layer,
                shape: shape.to_vec(),
            });
        }
    }
    let rank = a.len().max(b.len());
    let dim = |s: &[usize], i: usize| (i + s.len()).checked_sub(rank).map_or(1, |j| s[j]);
    let mut out = vec![0; rank];
    for (i, out) in out.iter_mut().enumerate() {
        *out = match (dim(a, i), dim(b, i)) {
            (x, y) if x == y => x,
            (1, y) => y,
            (x, 1) => x,
            _ => {
                return Err(ShapeError::Operands {
                    layer,
                    a: a.to_vec(),
                    b: b.to_vec(),
                });
            }
        };
    }
    Ok(out)
}

/// One element-wise layer of two operands: its struct and its [`super::Op`]
/// implementation, given its DSL word, record code and whether it fuses a
/// following activation (TFLite's ADD, SUB and MUL do).
macro_rules! binary_layer {
    ($(#[$doc:meta])* $ty:ident, $name:literal, record = $record:literal, fuses = $fuses:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct $ty(pub $crate::ops::binary::Operand);

        impl $crate::ops::Op for $ty {
            const NAME: &'static str = $name;
            const INPUTS: usize = 2;
            const FUSES_ACTIVATION: bool = $fuses;
            const RECORD: Option<u8> = Some($record);

            fn inputs(&self) -> usize {
                self.0.inputs()
            }

            fn output_shape(
                &self,
                inputs: &[&[usize]],
            ) -> Result<alloc::vec::Vec<usize>, $crate::shape::ShapeError> {
                self.0.output_shape(Self::NAME, inputs)
            }

            fn params(&self, _input: &[usize]) -> Option<$crate::ops::ParamShape> {
                self.0.params()
            }

            fn dsl(&self) -> alloc::string::String {
                self.0.dsl(Self::NAME)
            }
        }
    };
}
pub(crate) use binary_layer;

#[cfg(test)]
mod tests {
    use alloc::string::ToString;

    use super::*;

    #[test]
    fn broadcasts_as_tflite_does() {
        assert_eq!(broadcast("mul", &[4, 4, 8], &[8]), Ok(vec![4, 4, 8]));
        assert_eq!(broadcast("mul", &[4, 4, 8], &[1, 1, 8]), Ok(vec![4, 4, 8]));
        assert_eq!(broadcast("mul", &[4, 1, 8], &[3, 1]), Ok(vec![4, 3, 8]));
        assert_eq!(broadcast("mul", &[6], &[6]), Ok(vec![6]));
        let error = broadcast("mul", &[4, 4, 8], &[4]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "`mul` needs operands of the same shape or shapes that broadcast (aligned at the last dimension, each \
             pair equal or one of them 1), found [4, 4, 8] and [4]"
        );
        assert!(matches!(
            broadcast("add", &[1, 1, 1, 1, 2], &[2]),
            Err(ShapeError::Rank { .. })
        ));
    }

    #[test]
    fn a_constant_may_not_grow_the_output() {
        let grows = Operand::Constant(vec![3, 8]);
        assert_eq!(
            grows.output_shape("sub", &[&[8]]).unwrap_err().to_string(),
            "`sub`'s constant [3, 8] would broadcast its input [8] to a larger shape; a constant operand must \
             broadcast to the input's shape"
        );
        let channels = Operand::Constant(vec![8]);
        assert_eq!(
            channels.output_shape("sub", &[&[2, 2, 8]]),
            Ok(vec![2, 2, 8])
        );
        assert_eq!(channels.dsl("sub"), "sub(constant[8])");
        assert_eq!(Operand::Tensor.dsl("sub"), "sub");
    }
}
