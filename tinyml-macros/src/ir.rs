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
    /// Tensor 0 is the model input; every node adds one tensor.
    pub(crate) tensors: Vec<Tensor>,
    /// In execution order.
    pub(crate) nodes: Vec<Node>,
    pub(crate) output: TensorId,
    /// The model-level weight file, when the layers take their parameters
    /// from one file instead of their own.
    pub(crate) model_weights: Option<LitStr>,
    /// For `i8` models: quantization, prepared at compile time.
    pub(crate) int8: Option<Int8Model>,
}

/// The quantization of an `i8` model, prepared as TFLM's `Prepare` would.
pub(crate) struct Int8Model {
    pub(crate) input: Quant,
    pub(crate) output: Quant,
    /// Per node (`None` for reshapes).
    pub(crate) nodes: Vec<Option<Int8Node>>,
}

/// `real = scale · (q − zero_point)`.
pub(crate) use tinyml_format::Quant;

/// One node's prepared parameters.
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
    Add(AddQuant),
    Softmax(SoftmaxQuant),
}

/// The requantization of a per-channel layer: convolutions take a
/// [`ConvQuant`], dense layers a [`DenseQuant`].
pub(crate) enum PerChannelQuant {
    Conv(ConvQuant),
    Dense(DenseQuant),
}

pub(crate) use tinyml_kernels::int8::add::AddQuant;
pub(crate) use tinyml_kernels::int8::conv::ConvQuant;
pub(crate) use tinyml_kernels::int8::fully_connected::DenseQuant;
pub(crate) use tinyml_kernels::int8::pooling::PoolQuant;
pub(crate) use tinyml_kernels::int8::softmax::SoftmaxQuant;

/// Index into [`Model::tensors`].
pub(crate) type TensorId = usize;

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

/// An activation tensor.
pub(crate) struct Tensor {
    pub(crate) shape: Vec<usize>,
}

impl Tensor {
    pub(crate) fn len(&self) -> usize {
        self.shape.iter().product()
    }
}

/// One layer, lowered to one kernel call (or to nothing, for a reshape).
pub(crate) struct Node {
    pub(crate) op: Op,
    pub(crate) inputs: Vec<TensorId>,
    pub(crate) output: TensorId,
    /// The layer's name token, for messages and docs.
    pub(crate) span: Span,
    /// How the layer reads in the docs table, such as `conv2d(8, 3x3) + relu`.
    pub(crate) label: String,
}

/// A clamp fused into the producing kernel.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Activation {
    None,
    Relu,
    Relu6,
}

/// Geometry shared by convolutions and pools (TFLite conventions).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Window {
    pub(crate) in_h: usize,
    pub(crate) in_w: usize,
    pub(crate) in_c: usize,
    pub(crate) out_h: usize,
    pub(crate) out_w: usize,
    pub(crate) kernel_h: usize,
    pub(crate) kernel_w: usize,
    pub(crate) stride_h: usize,
    pub(crate) stride_w: usize,
    pub(crate) pad_top: usize,
    pub(crate) pad_left: usize,
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

impl Params {
    /// Placeholder until `check::weights` locates the files.
    pub(crate) fn pending() -> Self {
        let blob = Blob {
            file: None,
            offset: 0,
            len: 0,
        };
        Params {
            weights: blob.clone(),
            bias: blob,
        }
    }
}

/// What a node computes.
pub(crate) enum Op {
    Conv2d {
        window: Window,
        filters: usize,
        params: Params,
        activation: Activation,
    },
    DepthwiseConv2d {
        window: Window,
        multiplier: usize,
        params: Params,
        activation: Activation,
    },
    Dense {
        inputs: usize,
        units: usize,
        params: Params,
        activation: Activation,
    },
    MaxPool {
        window: Window,
        activation: Activation,
    },
    AvgPool {
        window: Window,
        activation: Activation,
    },
    GlobalAvgPool,
    /// A standalone relu/relu6, run in place.
    Clamp(Activation),
    /// Run in place.
    Softmax,
    /// `flatten`/`reshape`: a new shape over the same memory.
    Reshape,
    Add {
        activation: Activation,
    },
}

impl Op {
    pub(crate) fn params(&self) -> Option<&Params> {
        match self {
            Op::Conv2d { params, .. }
            | Op::DepthwiseConv2d { params, .. }
            | Op::Dense { params, .. } => Some(params),
            _ => None,
        }
    }

    pub(crate) fn params_mut(&mut self) -> Option<&mut Params> {
        match self {
            Op::Conv2d { params, .. }
            | Op::DepthwiseConv2d { params, .. }
            | Op::Dense { params, .. } => Some(params),
            _ => None,
        }
    }

    /// Multiply-accumulates per inference.
    pub(crate) fn macs(&self, output_len: usize) -> usize {
        match self {
            Op::Conv2d { window, .. } => {
                output_len * window.kernel_h * window.kernel_w * window.in_c
            }
            Op::DepthwiseConv2d { window, .. } => output_len * window.kernel_h * window.kernel_w,
            Op::Dense { inputs, units, .. } => inputs * units,
            _ => 0,
        }
    }

    /// The activation fused into this kernel, if it can take one.
    pub(crate) fn fused_activation_mut(&mut self) -> Option<&mut Activation> {
        match self {
            Op::Conv2d { activation, .. }
            | Op::DepthwiseConv2d { activation, .. }
            | Op::Dense { activation, .. }
            | Op::MaxPool { activation, .. }
            | Op::AvgPool { activation, .. }
            | Op::Add { activation } => Some(activation),
            _ => None,
        }
    }
}
