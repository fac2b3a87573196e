//! The tinyml weights file (`.tmw`), version 2: everything an `int8` model
//! needs besides its architecture. `tinyml import` writes it; `tiny_model!`
//! reads it at compile time and checks it against the declared layers.
//!
//! # Layout (all integers and floats little-endian)
//!
//! ```text
//! file    := header model record*
//! header  := "TMLW" version:u16 element:u8 reserved:u8 record_count:u32 file_length:u32
//! model   := input_count:u32 quant*input_count output_count:u32 quant*output_count
//! quant   := scale:f32 zero_point:i32
//! record  := kind:u8 activation:u8 has_params:u8 reserved:u8 output_scale:f32 output_zero_point:i32 params?
//! params  := rank:u32 dims:u32*rank scale_count:u32 scales:f32*scale_count zero_point:i32
//!            weights:i8*product(dims) padding:u8*(0..=3, to a multiple of 4) bias_count:u32 bias:i32*bias_count
//! ```
//!
//! - `version` is 2 and `element` is 1 (`int8` affine quantization).
//! - There is one record per kernel layer of the model, in source order:
//!   every layer except `relu`/`relu6` (fused into the record before them,
//!   see `activation`), `flatten`, `reshape` and `concat` (which keep the quantization).
//! - `kind`: the layer's [`Kind::record`] code (layers without one have no
//!   record); `activation`: [`Activation::code`].
//! - `params` is present when `has_params` is 1: for the layers with
//!   weights ([`Kind::params`]), the weights in TensorFlow Lite's layout (`dims` is conv2d
//!   `[OC, KH, KW, IC]`, depthwise `[1, KH, KW, C·M]`, conv1d `[OC, K, IC]`,
//!   depthwise_conv1d `[1, K, C·M]`, dense `[UNITS, IN]`), zero point 0, with
//!   one scale per output channel or one for the tensor, and one `i32` bias
//!   per output channel (`dims[Kind::params()]`: 0, 3 for depthwise, 2 for
//!   depthwise_conv1d) with scale `input_scale · weight_scale` and zero
//!   point 0; for `lstm`, Keras' kernel over its recurrent kernel
//!   (`[FEATURES + UNITS, 4·UNITS]`, gates input, forget, cell, output), nine
//!   scales (the kernel's per gate, the recurrent kernel's per gate, then the
//!   `int16` cell state's) and the `4·UNITS` biases, the record's output
//!   quantization being the hidden state's; for an element-wise layer with a constant operand
//!   (`sub(constant[6])`), the constant with its one scale and zero point,
//!   and no bias.
//! - A real value is `scale · (q − zero_point)`.
//! - Version 1 files (one input and one output without counts, no `has_params`, `zero_point` or `bias_count`: params
//!   exactly for the layers with weights, zero point 0, the bias count from
//!   the dims) are still read.

mod decode;
mod encode;

pub use decode::FormatError;

/// The four bytes every file starts with.
pub const MAGIC: [u8; 4] = *b"TMLW";
/// The version this crate reads and writes.
pub const VERSION: u16 = 2;
/// `element` for `int8` affine quantization.
pub const ELEMENT_INT8: u8 = 1;

pub use tinyml_spec::{Activation, Kind, Quant};

/// An `int8` model's parameters: the model inputs' and outputs'
/// quantization and one record per kernel layer.
#[derive(Clone, Debug, PartialEq)]
pub struct WeightsFile {
    /// Quantization of each model input, in order (at least one).
    pub inputs: Vec<Quant>,
    /// Quantization of each model output, in order (at least one).
    pub outputs: Vec<Quant>,
    /// One per kernel layer, in source order.
    pub layers: Vec<Layer>,
}

/// One kernel layer.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    /// What the layer computes.
    pub kind: Kind,
    /// Its fused activation.
    pub activation: Activation,
    /// Quantization of its output.
    pub output: Quant,
    /// Weights and bias, for the kinds that have them.
    pub params: Option<Params>,
}

/// A layer's weights and bias.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    /// The weights' shape in TFLite's layout.
    pub dims: Vec<u32>,
    /// One per output channel, or one for the whole tensor.
    pub scales: Vec<f32>,
    /// The weights' zero point: 0 for weights (TFLite's are symmetric), any
    /// for a constant operand.
    pub zero_point: i32,
    /// `product(dims)` values.
    pub weights: Vec<i8>,
    /// One per output channel (none for a constant operand).
    pub bias: Vec<i32>,
}

impl Params {
    /// The number of output channels: the length of the bias.
    pub fn channels(&self, kind: Kind) -> usize {
        let axis = kind.params().unwrap_or(0);
        self.dims.get(axis).map_or(0, |&d| d as usize)
    }
}
