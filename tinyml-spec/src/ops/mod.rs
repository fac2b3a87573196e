//! Every layer, once: one module per layer (named as the DSL names it), and
//! the table [`for_each_op!`] that lists them. [`Layer`] (a layer with its
//! arguments) and [`Kind`] (which layer) are generated from the table, and so
//! are the tools' dispatches: the macro and the importer each run the table
//! through a macro of their own that names a module per row, so a layer
//! missing from one of them is a compile error there.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::shape::ShapeError;

pub mod add;
pub mod avg_pool;
pub mod avg_pool1d;
pub mod binary;
pub mod concat;
pub mod conv1d;
pub mod conv2d;
pub mod conv2d_transpose;
pub mod dense;
pub mod depthwise_conv1d;
pub mod depthwise_conv2d;
pub mod flatten;
pub mod global_avg_pool;
pub mod hard_swish;
pub mod leaky_relu;
pub mod lstm;
pub mod max_pool;
pub mod max_pool1d;
pub mod maximum;
pub mod mean;
pub mod minimum;
pub mod mul;
pub mod pad;
mod pool;
mod pool1d;
pub mod relu;
pub mod relu6;
pub mod reshape;
pub mod sigmoid;
pub mod slice;
pub mod softmax;
pub mod sub;
pub mod tanh;
pub mod tile;
pub mod transpose;
pub mod upsample;

pub use pool::Pool;
pub use pool1d::Pool1d;

/// The table of layers: calls `$callback! { Variant: module::Type, … }`
/// with one row per layer, in the order of the DSL reference. `module` is
/// the name of the layer's module here and in every crate that dispatches
/// on layers.
#[macro_export]
macro_rules! for_each_op {
    ($callback:ident) => {
        $callback! {
            Conv2d: conv2d::Conv2d,
            DepthwiseConv2d: depthwise_conv2d::DepthwiseConv2d,
            Conv2dTranspose: conv2d_transpose::Conv2dTranspose,
            Conv1d: conv1d::Conv1d,
            DepthwiseConv1d: depthwise_conv1d::DepthwiseConv1d,
            Dense: dense::Dense,
            Lstm: lstm::Lstm,
            Relu: relu::Relu,
            Relu6: relu6::Relu6,
            LeakyRelu: leaky_relu::LeakyRelu,
            Sigmoid: sigmoid::Sigmoid,
            Tanh: tanh::Tanh,
            HardSwish: hard_swish::HardSwish,
            MaxPool: max_pool::MaxPool,
            AvgPool: avg_pool::AvgPool,
            MaxPool1d: max_pool1d::MaxPool1d,
            AvgPool1d: avg_pool1d::AvgPool1d,
            GlobalAvgPool: global_avg_pool::GlobalAvgPool,
            Mean: mean::Mean,
            Pad: pad::Pad,
            Upsample: upsample::Upsample,
            Flatten: flatten::Flatten,
            Reshape: reshape::Reshape,
            Slice: slice::Slice,
            Transpose: transpose::Transpose,
            Tile: tile::Tile,
            Softmax: softmax::Softmax,
            Add: add::Add,
            Sub: sub::Sub,
            Mul: mul::Mul,
            Maximum: maximum::Maximum,
            Minimum: minimum::Minimum,
            Concat: concat::Concat,
        }
    };
}

/// How a layer's output is stored (for the planner).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Memory {
    /// A buffer of its own.
    Fresh,
    /// Computed in place: it may overwrite its input when nothing reads the
    /// input later (else an element-wise layer copies the input first, and
    /// a convolution writes a buffer of its own). The buffer keeps the
    /// larger of the two sizes.
    InPlace,
    /// The same memory as its input, read with a new shape.
    Alias,
}

/// The dimensions of a layer's weights (TensorFlow Lite's layout) and bias.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamShape {
    /// The weights' shape, such as conv2d's `[OC, KH, KW, IC]`.
    pub weights: Vec<usize>,
    /// One bias value per output channel.
    pub bias: usize,
}

impl ParamShape {
    /// Weights and biases, in values (`None` on overflow).
    pub fn values(&self) -> Option<usize> {
        crate::shape::elements(&self.weights)?.checked_add(self.bias)
    }
}

/// What one layer is. Implemented by each layer's argument struct.
pub trait Op: Clone + fmt::Debug + PartialEq {
    /// The DSL word.
    const NAME: &'static str;
    /// How many tensors it reads at least: more than one for the layers
    /// that combine named tensors and so start a chain (`add(a, b)`).
    const INPUTS: usize = 1;
    /// Whether a `relu`/`relu6` right after it is fused into it.
    const FUSES_ACTIVATION: bool = false;
    /// How its output is stored, whatever its shape (see [`Op::memory`]).
    const MEMORY: Memory = Memory::Fresh;
    /// For layers with weights: the weights' axis of output channels (the
    /// bias has one value per entry of it).
    const PARAMS: Option<usize> = None;
    /// Its record code in a `.tmw` file; `None` if `i8` models have no
    /// record for it (it keeps its input's quantization, or is fused).
    const RECORD: Option<u8>;
    /// For the standalone activations: the clamp they apply.
    const ACTIVATION: Option<crate::Activation> = None;

    /// How many tensors this layer reads (`add(a, b)` two, `-> add(constant[4])` one).
    fn inputs(&self) -> usize {
        Self::INPUTS
    }

    /// The output shape for these input shapes, or why they do not fit.
    fn output_shape(&self, inputs: &[&[usize]]) -> Result<Vec<usize>, ShapeError>;

    /// How its output is stored on an input of shape `input`, in a model
    /// of `i8` elements (TFLite's quantization) or not: [`Op::MEMORY`],
    /// unless the layer's kernels decide by shape.
    fn memory(&self, _input: &[usize], _int8: bool) -> Memory {
        Self::MEMORY
    }

    /// The weights and bias it needs on an input of shape `input`.
    fn params(&self, _input: &[usize]) -> Option<ParamShape> {
        None
    }

    /// Arena elements the layer works in during its step, besides its
    /// input and output (an LSTM's state), for an `i8` model or another.
    fn scratch(&self, _input: &[usize], _int8: bool) -> usize {
        0
    }

    /// Multiply-accumulates per inference (`None` on overflow).
    fn macs(&self, _input: &[usize], _output: &[usize]) -> Option<usize> {
        Some(0)
    }

    /// How the layer reads in the DSL, such as `conv2d(8, 3x3, stride = 2)`.
    fn dsl(&self) -> String;

    /// How a combining layer reads at the start of a chain, on these
    /// operands: `add(a, b)`.
    fn combined(&self, operands: &[&str]) -> String {
        alloc::format!("{}({})", Self::NAME, operands.join(", "))
    }

    /// The same layer with its simplest arguments for this input (for
    /// example `padding = same` that pads nothing becomes `valid`).
    fn simplified(&self, _input: &[usize]) -> Self {
        self.clone()
    }
}

macro_rules! define_layers {
    ($($variant:ident: $module:ident::$ty:ident,)*) => {
        /// Which layer: one per row of [`for_each_op!`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Kind {
            $(
                #[doc = concat!("`", stringify!($module), "`: see [`", stringify!($module), "`].")]
                $variant,
            )*
        }

        /// A layer with its arguments.
        #[derive(Clone, Debug, PartialEq)]
        pub enum Layer {
            $(
                #[doc = concat!("See [`", stringify!($module), "`].")]
                $variant($module::$ty),
            )*
        }

        impl Kind {
            /// Every layer, in table order.
            pub const ALL: &'static [Kind] = &[$(Kind::$variant),*];

            /// The DSL word.
            pub const fn name(self) -> &'static str {
                match self { $(Kind::$variant => <$module::$ty as Op>::NAME,)* }
            }

            /// How many tensors it reads at least (more than one: it combines).
            pub const fn inputs(self) -> usize {
                match self { $(Kind::$variant => <$module::$ty as Op>::INPUTS,)* }
            }

            /// Whether a following `relu`/`relu6` is fused into it.
            pub const fn fuses_activation(self) -> bool {
                match self { $(Kind::$variant => <$module::$ty as Op>::FUSES_ACTIVATION,)* }
            }

            /// The weights' output-channel axis, for layers with weights.
            pub const fn params(self) -> Option<usize> {
                match self { $(Kind::$variant => <$module::$ty as Op>::PARAMS,)* }
            }

            /// Its `.tmw` record code, if `i8` models keep a record for it.
            pub const fn record(self) -> Option<u8> {
                match self { $(Kind::$variant => <$module::$ty as Op>::RECORD,)* }
            }

            /// For the standalone activations: the clamp they apply.
            pub const fn activation(self) -> Option<crate::Activation> {
                match self { $(Kind::$variant => <$module::$ty as Op>::ACTIVATION,)* }
            }

            /// The layer named `name` in the DSL.
            pub fn from_name(name: &str) -> Option<Kind> {
                Kind::ALL.iter().copied().find(|k| k.name() == name)
            }

            /// The layer whose `.tmw` record code is `code`.
            pub fn from_record(code: u8) -> Option<Kind> {
                Kind::ALL.iter().copied().find(|k| k.record() == Some(code))
            }
        }

        impl Layer {
            /// Which layer this is.
            pub fn kind(&self) -> Kind {
                match self { $(Layer::$variant(_) => Kind::$variant,)* }
            }

            /// See [`Op::output_shape`].
            pub fn output_shape(&self, inputs: &[&[usize]]) -> Result<Vec<usize>, ShapeError> {
                if inputs.len() != self.inputs() {
                    return Err(ShapeError::Inputs {
                        layer: self.kind().name(),
                        want: self.inputs(),
                        have: inputs.len(),
                    });
                }
                match self { $(Layer::$variant(op) => op.output_shape(inputs),)* }
            }

            /// See [`Op::inputs`].
            pub fn inputs(&self) -> usize {
                match self { $(Layer::$variant(op) => op.inputs(),)* }
            }

            /// See [`Op::combined`].
            pub fn combined(&self, operands: &[&str]) -> String {
                match self { $(Layer::$variant(op) => op.combined(operands),)* }
            }

            /// See [`Op::memory`].
            pub fn memory(&self, input: &[usize], int8: bool) -> Memory {
                match self { $(Layer::$variant(op) => op.memory(input, int8),)* }
            }

            /// See [`Op::params`].
            pub fn params(&self, input: &[usize]) -> Option<ParamShape> {
                match self { $(Layer::$variant(op) => op.params(input),)* }
            }

            /// See [`Op::scratch`].
            pub fn scratch(&self, input: &[usize], int8: bool) -> usize {
                match self { $(Layer::$variant(op) => op.scratch(input, int8),)* }
            }

            /// See [`Op::macs`].
            pub fn macs(&self, input: &[usize], output: &[usize]) -> Option<usize> {
                match self { $(Layer::$variant(op) => op.macs(input, output),)* }
            }

            /// See [`Op::dsl`].
            pub fn dsl(&self) -> String {
                match self { $(Layer::$variant(op) => op.dsl(),)* }
            }

            /// See [`Op::simplified`].
            pub fn simplified(&self, input: &[usize]) -> Layer {
                match self { $(Layer::$variant(op) => Layer::$variant(op.simplified(input)),)* }
            }
        }

        $(
            impl From<$module::$ty> for Layer {
                fn from(op: $module::$ty) -> Layer {
                    Layer::$variant(op)
                }
            }
        )*
    };
}

for_each_op!(define_layers);

/// The shape rule of an element-wise layer: its output is shaped as its
/// input.
pub(crate) fn element_wise(inputs: &[&[usize]]) -> Vec<usize> {
    inputs[0].to_vec()
}

/// `3x3`.
pub(crate) fn size_text((h, w): crate::Hw) -> String {
    alloc::format!("{h}x{w}")
}

/// The `, stride = …, padding = same` part of a windowed layer's text
/// (nothing for the defaults).
pub(crate) fn window_options(
    stride: crate::Hw,
    default_stride: crate::Hw,
    padding: crate::Padding,
) -> String {
    let mut text = String::new();
    if stride != default_stride {
        text += &if stride.0 == stride.1 {
            alloc::format!(", stride = {}", stride.0)
        } else {
            alloc::format!(", stride = {}", size_text(stride))
        };
    }
    if padding == crate::Padding::Same {
        text += ", padding = same";
    }
    text
}

/// The `, stride = …, padding = same` part of a 1-D windowed layer's text
/// (nothing for the defaults).
pub(crate) fn steps_options(
    stride: usize,
    default_stride: usize,
    padding: crate::Padding,
) -> String {
    let mut text = String::new();
    if stride != default_stride {
        text += &alloc::format!(", stride = {stride}");
    }
    if padding == crate::Padding::Same {
        text += ", padding = same";
    }
    text
}

/// [`simplest_padding`] for a 1-D window over a `[steps, channels]` input.
pub(crate) fn simplest_steps_padding(
    input: &[usize],
    kernel: usize,
    stride: usize,
    padding: crate::Padding,
) -> crate::Padding {
    match *input {
        [steps, c] => simplest_padding(&[1, steps, c], (1, kernel), (1, stride), padding),
        _ => padding,
    }
}

/// `padding` as the simplest equivalent for this window: `same` that adds
/// no padding row or column is `valid`.
pub(crate) fn simplest_padding(
    input: &[usize],
    kernel: crate::Hw,
    stride: crate::Hw,
    padding: crate::Padding,
) -> crate::Padding {
    let window = |padding| crate::Window::new("", "", input, kernel, stride, padding).ok();
    match (
        padding,
        window(crate::Padding::Same),
        window(crate::Padding::Valid),
    ) {
        (crate::Padding::Same, Some(same), Some(valid))
            if same.out_h == valid.out_h && same.out_w == valid.out_w =>
        {
            crate::Padding::Valid
        }
        _ => padding,
    }
}
