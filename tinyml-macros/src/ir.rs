//! The checked model: every layer resolved to a kernel with concrete shapes,
//! every weight file located and measured. Spans are kept so that later
//! stages (planning, expansion) can still point at the user's tokens.

use proc_macro2::Span;
use syn::{Attribute, Ident, LitStr, Visibility};

/// A model that passed every check.
pub(crate) struct Model {
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) vis: Visibility,
    pub(crate) name: Ident,
    pub(crate) elem: Elem,
    /// The layers on their tensors (tensor 0 is the model input), in
    /// execution order; see [`tinyml_spec::Graph::outputs`].
    pub(crate) graph: Graph,
    /// The model inputs, in order (named when there are several).
    pub(crate) inputs: Vec<Port>,
    /// The model outputs, in order (named when there are several).
    pub(crate) outputs: Vec<Port>,
    /// The model-level weight file, when the layers take their parameters
    /// from one file instead of their own.
    pub(crate) model_weights: Option<LitStr>,
    /// For `i8` models: the quantization of the model input and output.
    pub(crate) int8: Option<Int8Io>,
    /// For a model declared `input[…] streaming`: how `step` runs it.
    pub(crate) stream: Option<Stream>,
}

/// How a streaming model runs frame by frame (`expand/stream.rs`): the
/// layers over time in stages, each reading its own state, then a head
/// recomputed over a buffer of the last frames of the stage below it.
pub(crate) struct Stream {
    /// In order; the first reads the model input.
    pub(crate) stages: Vec<Stage>,
    /// The nodes from `head` on reduce over the whole window (or follow
    /// such a layer); they run on the last `head_frames` frames that the
    /// last stage produced, as in `predict`.
    pub(crate) head: usize,
    pub(crate) head_frames: usize,
}

/// Nodes that run once per frame they receive: the first reads its
/// [`StageState`], the others (activations) the frame it made.
pub(crate) struct Stage {
    pub(crate) nodes: std::ops::Range<usize>,
    pub(crate) state: StageState,
}

/// What a stage keeps between frames.
pub(crate) enum StageState {
    /// The last `kernel` input frames (a convolution or a pool; `kernel`
    /// is 1 for activations that come first). A new output every
    /// `stride` frames.
    Window { kernel: usize, stride: usize },
    // A recurrent layer (`lstm`) adds its hidden and cell state here.
}

/// A model input or output.
pub(crate) struct Port {
    pub(crate) tensor: tinyml_spec::TensorId,
    /// Its name: the parameter of `predict`, the field of the outputs
    /// struct (`None` for a single input or output).
    pub(crate) name: Option<Ident>,
}

/// The graph the macro checks: [`tinyml_spec::Graph`] with what the macro
/// keeps beside each node.
pub(crate) type Graph = tinyml_spec::Graph<NodeInfo>;
/// One checked node.
pub(crate) type Node = tinyml_spec::Node<NodeInfo>;

/// What the macro keeps beside a node's layer.
#[derive(Clone)]
pub(crate) struct NodeInfo {
    /// The layer's name token, for messages and docs.
    pub(crate) span: Span,
    /// How the layer reads in the docs table, such as `conv2d(8, 3x3) + relu`.
    pub(crate) label: String,
    /// Where its weights and bias come from, for layers that have them.
    pub(crate) params: Option<Params>,
    /// For `i8` models: its parameters, prepared at compile time (`None`
    /// for the layers that need none, such as reshapes).
    pub(crate) int8: Option<Int8Node>,
}

/// The quantization of an `i8` model's inputs and outputs, in order.
pub(crate) struct Int8Io {
    pub(crate) inputs: Vec<Quant>,
    pub(crate) outputs: Vec<Quant>,
    /// Every tensor's, where known: a streaming model's state starts at
    /// its inputs' zero points.
    pub(crate) tensors: Vec<Option<Quant>>,
}

/// `real = scale · (q − zero_point)`.
pub(crate) use tinyml_format::Quant;

/// One node's prepared parameters.
#[derive(Clone)]
pub(crate) enum Int8Node {
    /// conv2d, depthwise_conv2d, and per-channel dense.
    PerChannel {
        quant: PerChannelQuant,
        multipliers: Vec<i32>,
        shifts: Vec<i32>,
        /// With the input zero point folded in.
        bias: Vec<i32>,
    },
    /// Dense with one weight scale.
    PerTensor {
        quant: DenseQuant,
        multiplier: i32,
        shift: i32,
        bias: Vec<i32>,
    },
    Pool(PoolQuant),
    Mean(MeanQuant),
    /// `pad`: the value of its border (the output zero point).
    Pad {
        fill: i8,
    },
    /// `add` or `sub`.
    Add(AddQuant),
    Mul(MulQuant),
    /// `maximum` or `minimum`: operands already in the output's quantization.
    Compare,
    Softmax(SoftmaxQuant),
    /// An element-wise activation: its output for every input.
    Lookup(Box<Table>),
    /// `lstm`: its requantizations and the raw bias (TFLM adds it to the
    /// input's sum unfolded).
    Lstm {
        quant: LstmQuant,
        bias: Vec<i32>,
    },
}

/// The requantization of a per-channel layer: convolutions take a
/// [`ConvQuant`], dense layers a [`DenseQuant`].
#[derive(Clone)]
pub(crate) enum PerChannelQuant {
    Conv(ConvQuant),
    Dense(DenseQuant),
}

pub(crate) use tinyml_kernels::int8::add::AddQuant;
pub(crate) use tinyml_kernels::int8::conv::ConvQuant;
pub(crate) use tinyml_kernels::int8::fully_connected::DenseQuant;
pub(crate) use tinyml_kernels::int8::lookup::Table;
pub(crate) use tinyml_kernels::int8::lstm::LstmQuant;
pub(crate) use tinyml_kernels::int8::mean::MeanQuant;
pub(crate) use tinyml_kernels::int8::mul::MulQuant;
pub(crate) use tinyml_kernels::int8::pooling::PoolQuant;
pub(crate) use tinyml_kernels::int8::softmax::SoftmaxQuant;

/// The model's scalar type.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Elem {
    F32,
    /// A `fixed` crate type: `FixedI{bits}<U{frac}>`.
    Fixed {
        bits: u32,
        frac: u32,
    },
    /// `i8` with TFLite's affine quantization.
    Int8,
}

impl Elem {
    pub(crate) fn size_bytes(self) -> usize {
        match self {
            Elem::F32 => 4,
            Elem::Fixed { bits, .. } => bits as usize / 8,
            Elem::Int8 => 1,
        }
    }

    /// The name users write, such as `I16F16`.
    pub(crate) fn display_name(self) -> String {
        match self {
            Elem::F32 => "f32".to_owned(),
            Elem::Fixed { bits, frac } => format!("I{}F{frac}", bits - frac),
            Elem::Int8 => "i8".to_owned(),
        }
    }
}

/// Where a layer's weights or bias come from.
#[derive(Clone)]
pub(crate) struct Blob {
    /// Its own `include_bytes!` file, or `None` for a slice of the model-level file.
    pub(crate) file: Option<LitStr>,
    /// Byte offset into the file.
    pub(crate) offset: usize,
    /// Number of values.
    pub(crate) len: usize,
}

/// A layer's parameters.
#[derive(Clone)]
pub(crate) struct Params {
    pub(crate) weights: Blob,
    pub(crate) bias: Blob,
}
