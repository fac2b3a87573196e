//! Lowering a TFLite model to the layer graph that `tiny_model!` expresses.
//!
//! Each TFLite operator becomes one layer, plus a separate `relu`/`relu6`
//! node for a fused activation (the macro fuses it back). Shapes drop the
//! batch dimension. Every output shape is computed here from the layer's
//! arguments, exactly as the macro will, and compared with the shape the
//! model declares, so the emitted shape comments are the macro's shapes.
//! Anything the DSL cannot express is an error naming the operator, its
//! index and what is supported.
//!
//! Float32 and full-integer int8 models take the same path: the model's
//! [`Element`] type is decided first (see [`element_type`]); an int8 graph
//! additionally carries every value's quantization and each layer's raw int8
//! weights, scales and int32 bias, checked against what TFLite Micro's int8
//! kernels accept.
//!
//! The IR is here. The rest is one concern a file: `lowering.rs` walks the
//! operators and records layers, checking every output shape and
//! quantization; `ops/` has one file per TFLite operator (its options,
//! inputs and layer), dispatched from `ops/mod.rs`; `steps.rs` writes
//! Keras' 1-D layers (2-D operators on one-row images) as 1-D layers;
//! `constant.rs` decodes weights and biases; `classify.rs` decides the
//! element type.

mod classify;
mod constant;
mod fold;
mod lowering;
pub(crate) mod ops;
mod steps;

use std::fmt;

use tinyml_format::Quant;

use crate::Error;
use crate::tflite::Model;

pub use classify::{INT8_IO_HINT, element_type};
pub use ops::softmax::SOFTMAX_OUTPUT;

use lowering::Lowering;

/// Index of a value (an activation tensor) in [`Graph::values`].
pub type ValueId = usize;

/// The element type of a model's activations (and so of the generated
/// model's input and output arrays).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Element {
    /// float32 activations and weights.
    F32,
    /// Full-integer int8: int8 activations with one scale and zero point
    /// each, int8 weights with zero point 0, int32 biases.
    I8,
}

impl Element {
    /// The DSL's (and Rust's) name of the element type.
    pub fn rust_type(self) -> &'static str {
        match self {
            Element::F32 => "f32",
            Element::I8 => "i8",
        }
    }

    /// The bytes of one activation or weight of the generated model.
    pub fn bytes(self) -> usize {
        match self {
            Element::F32 => 4,
            Element::I8 => 1,
        }
    }

    /// The name of the weights file the generated `mod.rs` includes.
    pub fn weights_file(self) -> &'static str {
        match self {
            Element::F32 => "weights.bin",
            Element::I8 => "weights.tmw",
        }
    }
}

/// A model as a graph of `tiny_model!` layers.
#[derive(Debug, Clone)]
pub struct Graph {
    /// float32 or int8.
    pub element: Element,
    /// Every activation: the input, each node's output.
    pub values: Vec<Value>,
    /// The layers, in a topological order (TFLite's execution order).
    pub nodes: Vec<Node>,
    /// The model inputs, in the model's order.
    pub inputs: Vec<Port>,
    /// The model outputs, in the model's order.
    pub outputs: Vec<Port>,
    /// Things the user should know about the conversion.
    pub notes: Vec<String>,
}

/// A model input or output.
#[derive(Debug, Clone, PartialEq)]
pub struct Port {
    /// The value it carries.
    pub value: ValueId,
    /// A Rust identifier for it (from the model's signature or tensor
    /// name), used when the model has several.
    pub name: String,
}

impl Graph {
    /// The first model input's value.
    pub fn input(&self) -> ValueId {
        self.inputs.first().map_or(0, |p| p.value)
    }

    /// The first model output's value.
    pub fn output(&self) -> ValueId {
        self.outputs.first().map_or(0, |p| p.value)
    }

    /// Whether value `v` is a model output.
    pub fn is_output(&self, v: ValueId) -> bool {
        self.outputs.iter().any(|p| p.value == v)
    }

    /// Whether the model has more than one input or output.
    pub fn has_ports(&self) -> bool {
        self.inputs.len() > 1 || self.outputs.len() > 1
    }
}

/// An activation tensor.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    /// Its shape without the batch dimension.
    pub shape: Vec<usize>,
    /// Its quantization, in an int8 graph (`None` in a float32 one).
    pub quant: Option<Quant>,
}

/// One layer.
#[derive(Debug, Clone)]
pub struct Node {
    /// The TFLite operator it comes from (a fused activation shares its
    /// operator's index).
    pub op_index: usize,
    /// What it computes.
    pub layer: Layer,
    /// Its weights and bias, for the layers that have them.
    pub params: Option<Params>,
    /// Its inputs: one, or more for the layers that combine tensors.
    pub inputs: Vec<ValueId>,
    /// Its output.
    pub output: ValueId,
}

/// `(height, width)`.
pub type Hw = (usize, usize);

/// A layer's weights and bias, in TFLite's layout.
#[derive(Debug, Clone, PartialEq)]
pub enum Params {
    /// A float32 model's.
    F32 {
        /// The weights.
        weights: Vec<f32>,
        /// One per output channel (zeros when the model has none).
        bias: Vec<f32>,
    },
    /// An int8 model's: `real = scale · (q − zero_point)`.
    I8 {
        /// The weights.
        weights: Vec<i8>,
        /// One per output channel, or one for the whole tensor.
        scales: Vec<f32>,
        /// 0 for weights; a constant operand's own.
        zero_point: i32,
        /// One per output channel, with scale `input scale · weight scale`
        /// (zeros when the model has none).
        bias: Vec<i32>,
    },
}

impl Params {
    /// The number of parameters: weights and biases.
    pub fn len(&self) -> usize {
        match self {
            Params::F32 { weights, bias } => weights.len() + bias.len(),
            Params::I8 { weights, bias, .. } => weights.len() + bias.len(),
        }
    }

    /// Whether there are no parameters at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A `tiny_model!` layer: the spec's.
pub use tinyml_spec::Layer;

impl Node {
    /// The number of parameters (weights and biases).
    pub fn param_count(&self) -> usize {
        self.params.as_ref().map_or(0, Params::len)
    }
}

/// A shape printed as `[a, b, c]`.
pub struct ShapeDisplay<'a>(pub &'a [usize]);

impl fmt::Display for ShapeDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[")?;
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{d}")?;
        }
        f.write_str("]")
    }
}

/// Lowers the main subgraph of a float32 or int8 model.
pub fn lower(model: &Model<'_>) -> Result<Graph, Error> {
    Lowering::new(model)?.run()
}
