//! The words every tool shares: padding, fused activation, quantization.

/// `(height, width)`.
pub type Hw = (usize, usize);

/// TensorFlow Lite's two paddings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Padding {
    /// Output `ceil(in / stride)`; the odd padding row/column goes to the
    /// bottom/right.
    Same,
    /// No padding: only windows that lie wholly on the input.
    Valid,
}

/// A clamp applied to a layer's output, fused into the layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Activation {
    /// No clamp.
    None,
    /// `max(x, 0)`.
    Relu,
    /// `min(max(x, 0), 6)`.
    Relu6,
}

impl Activation {
    /// The DSL word of the standalone layer, if any.
    pub fn dsl_name(self) -> Option<&'static str> {
        match self {
            Activation::None => None,
            Activation::Relu => Some("relu"),
            Activation::Relu6 => Some("relu6"),
        }
    }

    /// Its code in a `.tmw` record.
    pub fn code(self) -> u8 {
        match self {
            Activation::None => 0,
            Activation::Relu => 1,
            Activation::Relu6 => 2,
        }
    }

    /// The activation with `code`, if it is one.
    pub fn from_code(code: u8) -> Option<Self> {
        [Activation::None, Activation::Relu, Activation::Relu6]
            .into_iter()
            .find(|a| a.code() == code)
    }
}

/// A tensor's affine quantization: `real = scale · (q − zero_point)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Quant {
    /// The scale.
    pub scale: f32,
    /// The zero point.
    pub zero_point: i32,
}
