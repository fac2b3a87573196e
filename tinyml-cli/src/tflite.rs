//! Reading a `.tflite` file into plain Rust values.
//!
//! The flatbuffer is verified as a whole first (`root_as_model`), then the
//! main subgraph is copied into the types below, checking every index that
//! the schema cannot check (tensor, buffer and opcode indices, dimension
//! signs, external buffer ranges). Nothing after this module touches the
//! flatbuffer, and nothing here can panic on bad input.

use std::fmt;

use crate::Error;
use crate::error::bail;
use crate::schema::tflite as fb;

/// The main subgraph of a TFLite model, verified and indexed.
#[derive(Debug, Clone)]
pub struct Model<'a> {
    /// The schema version the file declares (3 for every current converter).
    pub version: u32,
    /// The model's description string, such as `MLIR Converted.`.
    pub description: Option<String>,
    /// How many subgraphs the file has; only the first (the main one) is read.
    pub subgraph_count: usize,
    /// All tensors of the main subgraph.
    pub tensors: Vec<Tensor<'a>>,
    /// The operators of the main subgraph, in execution order.
    pub operators: Vec<Operator>,
    /// Indices of the graph's input tensors.
    pub inputs: Vec<usize>,
    /// Indices of the graph's output tensors.
    pub outputs: Vec<usize>,
    /// The name of each input and output in the model's signature (what
    /// Keras called them), where the file has one.
    pub signature_names: std::collections::HashMap<usize, String>,
}

/// One tensor: an activation, or a constant when [`Tensor::data`] is set.
#[derive(Debug, Clone)]
pub struct Tensor<'a> {
    /// The converter's name (often a long `;`-joined list).
    pub name: String,
    /// Dimensions, batch first for activations.
    pub shape: Vec<usize>,
    /// Element type.
    pub dtype: DType,
    /// The constant's raw little-endian bytes, borrowed from the file.
    pub data: Option<&'a [u8]>,
    /// Quantization parameters, when the tensor has a scale.
    pub quantization: Option<Quantization>,
}

impl Tensor<'_> {
    /// The number of elements, or `None` if it overflows `usize`.
    pub fn elements(&self) -> Option<usize> {
        tinyml_spec::shape::elements(&self.shape)
    }

    /// The size in bytes, when the element size is known and nothing overflows.
    pub fn bytes(&self) -> Option<usize> {
        self.elements()?.checked_mul(self.dtype.size()?)
    }

    /// Whether the tensor is a constant (has data in the file).
    pub fn is_const(&self) -> bool {
        self.data.is_some()
    }
}

/// Affine quantization: `real = scale * (q - zero_point)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantization {
    /// One scale per tensor, or one per channel of `axis`.
    pub scale: Vec<f32>,
    /// Zero points, as many as scales.
    pub zero_point: Vec<i64>,
    /// The quantized dimension, for per-channel quantization.
    pub axis: i32,
}

/// A tensor's element type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DType(i8);

impl DType {
    /// 32-bit float.
    pub const FLOAT32: DType = DType(fb::TensorType::FLOAT32.0);
    /// 16-bit float.
    pub const FLOAT16: DType = DType(fb::TensorType::FLOAT16.0);
    /// 32-bit signed integer.
    pub const INT32: DType = DType(fb::TensorType::INT32.0);
    /// 64-bit signed integer.
    pub const INT64: DType = DType(fb::TensorType::INT64.0);
    /// 8-bit unsigned integer.
    pub const UINT8: DType = DType(fb::TensorType::UINT8.0);
    /// 8-bit signed integer.
    pub const INT8: DType = DType(fb::TensorType::INT8.0);
    /// 16-bit signed integer.
    pub const INT16: DType = DType(fb::TensorType::INT16.0);

    /// Bytes per element, when the type has a fixed size.
    pub fn size(self) -> Option<usize> {
        let t = fb::TensorType(self.0);
        Some(match t {
            fb::TensorType::FLOAT32 | fb::TensorType::INT32 | fb::TensorType::UINT32 => 4,
            fb::TensorType::FLOAT16 | fb::TensorType::INT16 | fb::TensorType::UINT16 => 2,
            fb::TensorType::BFLOAT16 => 2,
            fb::TensorType::UINT8 | fb::TensorType::INT8 | fb::TensorType::BOOL => 1,
            fb::TensorType::INT64 | fb::TensorType::UINT64 | fb::TensorType::FLOAT64 => 8,
            fb::TensorType::COMPLEX64 => 8,
            fb::TensorType::COMPLEX128 => 16,
            _ => return None,
        })
    }

    /// Whether this is an integer type that quantized models use for
    /// activations and weights (int8, uint8, int16, int4).
    pub fn is_quantized_int(self) -> bool {
        matches!(
            fb::TensorType(self.0),
            fb::TensorType::INT8
                | fb::TensorType::UINT8
                | fb::TensorType::INT16
                | fb::TensorType::INT4
        )
    }
}

impl fmt::Display for DType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match fb::TensorType(self.0).variant_name() {
            Some(name) => f.write_str(name),
            None => write!(f, "TYPE_{}", self.0),
        }
    }
}

/// One operator of the main subgraph.
#[derive(Debug, Clone)]
pub struct Operator {
    /// Its position in execution order.
    pub index: usize,
    /// Which operator it is.
    pub kind: OpKind,
    /// TFLite's name for it (`CONV_2D`, or `CUSTOM(name)`).
    pub name: String,
    /// Input tensor indices; `None` marks an omitted optional input (such as
    /// a missing bias).
    pub inputs: Vec<Option<usize>>,
    /// Output tensor indices.
    pub outputs: Vec<usize>,
    /// The options table, for the operators this crate reads.
    pub options: Options,
}

impl Operator {
    /// The `i`th input, if present.
    pub fn input(&self, i: usize) -> Option<usize> {
        self.inputs.get(i).copied().flatten()
    }
}

/// The operators this crate distinguishes; everything else is [`OpKind::Other`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpKind {
    /// `CONV_2D`.
    Conv2d,
    /// `DEPTHWISE_CONV_2D`.
    DepthwiseConv2d,
    /// `FULLY_CONNECTED`.
    FullyConnected,
    /// `AVERAGE_POOL_2D`.
    AveragePool2d,
    /// `MAX_POOL_2D`.
    MaxPool2d,
    /// `RESHAPE`.
    Reshape,
    /// `SQUEEZE`.
    Squeeze,
    /// `EXPAND_DIMS`.
    ExpandDims,
    /// `SOFTMAX`.
    Softmax,
    /// `ADD`.
    Add,
    /// `MEAN`.
    Mean,
    /// `REDUCE_MAX`.
    ReduceMax,
    /// `MAXIMUM`.
    Maximum,
    /// `MINIMUM`.
    Minimum,
    /// Standalone `RELU`.
    Relu,
    /// Standalone `RELU6`.
    Relu6,
    /// `LOGISTIC`.
    Logistic,
    /// `TANH`.
    Tanh,
    /// `LEAKY_RELU`.
    LeakyRelu,
    /// `HARD_SWISH`.
    HardSwish,
    /// `SLICE` (`STRIDED_SLICE`, also folded on shapes, is a [`FoldKind`]).
    Slice,
    /// `SPLIT`.
    Split,
    /// `SPLIT_V`.
    SplitV,
    /// `TRANSPOSE`.
    Transpose,
    /// `TILE`.
    Tile,
    /// `PAD`, or `PADV2` (with a constant padding value).
    Pad,
    /// `RESIZE_NEAREST_NEIGHBOR`.
    ResizeNearestNeighbor,
    /// `TRANSPOSE_CONV`.
    TransposeConv,
    /// `UNIDIRECTIONAL_SEQUENCE_LSTM`.
    UnidirectionalSequenceLstm,
    /// `SHAPE`, `STRIDED_SLICE`, `PACK`, … on shapes and constants, which
    /// the importer folds (see [`FoldKind`]); `MUL`, `SUB`,
    /// `CONCATENATION` and `STRIDED_SLICE` on activations become layers.
    Fold(FoldKind),
    /// `QUANTIZE`.
    Quantize,
    /// `DEQUANTIZE`.
    Dequantize,
    /// Any other builtin or custom operator.
    Other,
}

/// Operators that compute on shapes and constants only, in models with an
/// unfixed batch size (`SHAPE → STRIDED_SLICE → PACK → RESHAPE` for every
/// `Flatten`): the importer evaluates them at import time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoldKind {
    /// `SHAPE`.
    Shape,
    /// `STRIDED_SLICE`.
    StridedSlice,
    /// `PACK`.
    Pack,
    /// `CONCATENATION`.
    Concatenation,
    /// `GATHER`.
    Gather,
    /// `FILL`.
    Fill,
    /// `CAST`.
    Cast,
    /// `MUL`.
    Mul,
    /// `SUB`.
    Sub,
    /// `FLOOR_DIV`.
    FloorDiv,
}

/// Padding mode of convolutions and pools: the spec's.
pub use tinyml_spec::Padding;

/// A fused activation function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activation {
    /// None.
    None,
    /// `max(x, 0)`.
    Relu,
    /// `clamp(x, -1, 1)`.
    ReluN1To1,
    /// `clamp(x, 0, 6)`.
    Relu6,
    /// `tanh`.
    Tanh,
    /// Sign bit.
    SignBit,
    /// A value this schema does not know.
    Unknown(i8),
}

impl fmt::Display for Activation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Activation::None => f.write_str("NONE"),
            Activation::Relu => f.write_str("RELU"),
            Activation::ReluN1To1 => f.write_str("RELU_N1_TO_1"),
            Activation::Relu6 => f.write_str("RELU6"),
            Activation::Tanh => f.write_str("TANH"),
            Activation::SignBit => f.write_str("SIGN_BIT"),
            Activation::Unknown(v) => write!(f, "ACTIVATION_{v}"),
        }
    }
}

/// Convolution options shared by `CONV_2D` and `DEPTHWISE_CONV_2D`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConvOptions {
    /// Padding mode.
    pub padding: Padding,
    /// Vertical stride.
    pub stride_h: i32,
    /// Horizontal stride.
    pub stride_w: i32,
    /// Vertical dilation.
    pub dilation_h: i32,
    /// Horizontal dilation.
    pub dilation_w: i32,
    /// Fused activation.
    pub activation: Activation,
}

/// The options of the operators this crate reads.
#[derive(Debug, Clone, PartialEq)]
pub enum Options {
    /// No options table.
    None,
    /// `Conv2DOptions`.
    Conv2d(ConvOptions),
    /// `DepthwiseConv2DOptions`.
    DepthwiseConv2d {
        /// Padding, strides, dilations, activation.
        conv: ConvOptions,
        /// The declared depth multiplier (older converters sometimes leave it
        /// inconsistent with the shapes, which are authoritative).
        depth_multiplier: i32,
    },
    /// `TransposeConvOptions` (dilation 1).
    TransposeConv(ConvOptions),
    /// `Pool2DOptions`.
    Pool {
        /// Padding mode.
        padding: Padding,
        /// Vertical stride.
        stride_h: i32,
        /// Horizontal stride.
        stride_w: i32,
        /// Window height.
        filter_h: i32,
        /// Window width.
        filter_w: i32,
        /// Fused activation.
        activation: Activation,
    },
    /// `FullyConnectedOptions`.
    FullyConnected {
        /// Fused activation.
        activation: Activation,
        /// Whether the weights use the default layout (not a shuffled one).
        default_weights_format: bool,
        /// Whether the output keeps the input's leading dimensions.
        keep_num_dims: bool,
    },
    /// `SoftmaxOptions`.
    Softmax {
        /// The inverse temperature.
        beta: f32,
    },
    /// `AddOptions`.
    Add {
        /// Fused activation.
        activation: Activation,
    },
    /// `SubOptions`.
    Sub {
        /// Fused activation.
        activation: Activation,
    },
    /// `MulOptions`.
    Mul {
        /// Fused activation.
        activation: Activation,
    },
    /// `StridedSliceOptions`: bit masks over the dimensions.
    StridedSlice {
        /// Dimensions whose begin is ignored (the start).
        begin_mask: i32,
        /// Dimensions whose end is ignored (the end).
        end_mask: i32,
        /// Dimensions indexed by begin alone and removed.
        shrink_axis_mask: i32,
        /// Dimensions standing for `...` in Python's indexing.
        ellipsis_mask: i32,
        /// Dimensions standing for `tf.newaxis`.
        new_axis_mask: i32,
        /// Whether `end` counts from `begin`.
        offset: bool,
    },
    /// `PackOptions`.
    Pack {
        /// The new dimension's position.
        axis: i32,
    },
    /// `ConcatenationOptions`.
    Concatenation {
        /// The dimension joined along.
        axis: i32,
        /// Fused activation.
        activation: Activation,
    },
    /// `GatherOptions`.
    Gather {
        /// The dimension indexed.
        axis: i32,
    },
    /// `ReducerOptions` (MEAN, SUM, …).
    Reducer {
        /// Whether reduced dimensions stay, with size 1.
        keep_dims: bool,
    },
    /// `LeakyReluOptions`.
    LeakyRelu {
        /// The slope below zero.
        alpha: f32,
    },
    /// `ReshapeOptions`.
    Reshape {
        /// The declared new shape, if any.
        new_shape: Option<Vec<i32>>,
    },
    /// `SqueezeOptions` (`EXPAND_DIMS` takes its axis as an input tensor).
    Squeeze {
        /// The unit dimensions to drop (counting the batch); empty: all.
        squeeze_dims: Vec<i32>,
    },
    /// `ResizeNearestNeighborOptions`: which pixel centres TFLite maps.
    ResizeNearestNeighbor {
        /// Whether the corner pixels of input and output are aligned.
        align_corners: bool,
        /// Whether pixel centres sit at half-integer coordinates.
        half_pixel_centers: bool,
    },
    /// `UnidirectionalSequenceLSTMOptions`.
    UnidirectionalSequenceLstm {
        /// The cell gate's and the hidden state's activation.
        activation: Activation,
        /// The cell state's bound (0: none).
        cell_clip: f32,
        /// The projection's bound (0: none).
        proj_clip: f32,
        /// Whether the input is `[steps, batch, features]`.
        time_major: bool,
        /// Hybrid models only: quantize the float input asymmetrically.
        asymmetric_quantize_inputs: bool,
        /// Recurrent weights that are diagonal (vectors).
        diagonal_recurrent_tensors: bool,
    },
    /// Another options table, by its schema name.
    Other(String),
}

fn padding(p: fb::Padding, op: usize) -> Result<Padding, Error> {
    match p {
        fb::Padding::SAME => Ok(Padding::Same),
        fb::Padding::VALID => Ok(Padding::Valid),
        other => bail!("operator {op}: unknown padding value {}", other.0),
    }
}

fn activation(a: fb::ActivationFunctionType) -> Activation {
    match a {
        fb::ActivationFunctionType::NONE => Activation::None,
        fb::ActivationFunctionType::RELU => Activation::Relu,
        fb::ActivationFunctionType::RELU_N1_TO_1 => Activation::ReluN1To1,
        fb::ActivationFunctionType::RELU6 => Activation::Relu6,
        fb::ActivationFunctionType::TANH => Activation::Tanh,
        fb::ActivationFunctionType::SIGN_BIT => Activation::SignBit,
        other => Activation::Unknown(other.0),
    }
}

impl<'a> Model<'a> {
    /// Verifies `bytes` as a TFLite flatbuffer and reads its main subgraph.
    pub fn parse(bytes: &'a [u8]) -> Result<Model<'a>, Error> {
        if bytes.len() < 8 {
            bail!(
                "not a TFLite model: the file is only {} bytes long",
                bytes.len()
            );
        }
        if bytes.get(4..8) != Some(fb::MODEL_IDENTIFIER.as_bytes()) {
            bail!(
                "not a TFLite model: the flatbuffer file identifier (bytes 4..8) is not `{}`",
                fb::MODEL_IDENTIFIER
            );
        }
        let model = fb::root_as_model(bytes)
            .map_err(|e| Error::new(format!("malformed TFLite flatbuffer: {e}")))?;

        let subgraphs = model.subgraphs().unwrap_or_default();
        if subgraphs.is_empty() {
            bail!("the model has no subgraph");
        }
        let graph = subgraphs.get(0);
        let buffers: Vec<fb::Buffer<'a>> = model
            .buffers()
            .map(|b| b.iter().collect())
            .unwrap_or_default();

        let fb_tensors = graph.tensors().unwrap_or_default();
        let mut tensors = Vec::with_capacity(fb_tensors.len());
        for (i, t) in fb_tensors.iter().enumerate() {
            tensors.push(read_tensor(i, &t, &buffers, bytes)?);
        }
        let tensor_index = |raw: i32, what: &str| -> Result<usize, Error> {
            match usize::try_from(raw) {
                Ok(i) if i < tensors.len() => Ok(i),
                _ => bail!(
                    "{what} refers to tensor {raw}, but the graph has {} tensors",
                    tensors.len()
                ),
            }
        };

        let codes: Vec<fb::OperatorCode<'a>> = model
            .operator_codes()
            .map(|c| c.iter().collect())
            .unwrap_or_default();
        let fb_ops = graph.operators().unwrap_or_default();
        let mut operators = Vec::with_capacity(fb_ops.len());
        for (index, op) in fb_ops.iter().enumerate() {
            let code = usize::try_from(op.opcode_index())
                .ok()
                .and_then(|c| codes.get(c))
                .ok_or_else(|| {
                    Error::new(format!(
                        "operator {index} uses opcode {}, but the model has {} opcodes",
                        op.opcode_index(),
                        codes.len()
                    ))
                })?;
            let (kind, name) = op_kind(code);
            let mut inputs = Vec::new();
            for raw in op.inputs().unwrap_or_default() {
                inputs.push(if raw < 0 {
                    None
                } else {
                    Some(tensor_index(raw, &format!("operator {index} ({name})"))?)
                });
            }
            let mut outputs = Vec::new();
            for raw in op.outputs().unwrap_or_default() {
                outputs.push(tensor_index(raw, &format!("operator {index} ({name})"))?);
            }
            let options = read_options(&op, index)?;
            operators.push(Operator {
                index,
                kind,
                name,
                inputs,
                outputs,
                options,
            });
        }

        let mut inputs = Vec::new();
        for raw in graph.inputs().unwrap_or_default() {
            inputs.push(tensor_index(raw, "the graph's input list")?);
        }
        let mut outputs = Vec::new();
        for raw in graph.outputs().unwrap_or_default() {
            outputs.push(tensor_index(raw, "the graph's output list")?);
        }

        // The serving signature names the main subgraph's inputs and
        // outputs as the Keras model did (`accel`, `class`), where the
        // tensor names are the converter's (`StatefulPartitionedCall:1`).
        let mut signature_names = std::collections::HashMap::new();
        if let Some(signature) = model
            .signature_defs()
            .and_then(|defs| defs.iter().find(|d| d.subgraph_index() == 0))
        {
            for map in signature
                .inputs()
                .into_iter()
                .flatten()
                .chain(signature.outputs().into_iter().flatten())
            {
                if let Some(name) = map.name() {
                    signature_names.insert(map.tensor_index() as usize, name.to_owned());
                }
            }
        }

        Ok(Model {
            signature_names,
            version: model.version(),
            description: model.description().map(str::to_owned),
            subgraph_count: subgraphs.len(),
            tensors,
            operators,
            inputs,
            outputs,
        })
    }
}

fn op_kind(code: &fb::OperatorCode<'_>) -> (OpKind, String) {
    // Since schema 3a the code lives in `builtin_code`; older files only set
    // the byte-sized `deprecated_builtin_code`. TFLite takes the larger one.
    let builtin = fb::BuiltinOperator(
        code.builtin_code()
            .0
            .max(i32::from(code.deprecated_builtin_code())),
    );
    let kind = match builtin {
        fb::BuiltinOperator::CONV_2D => OpKind::Conv2d,
        fb::BuiltinOperator::DEPTHWISE_CONV_2D => OpKind::DepthwiseConv2d,
        fb::BuiltinOperator::FULLY_CONNECTED => OpKind::FullyConnected,
        fb::BuiltinOperator::AVERAGE_POOL_2D => OpKind::AveragePool2d,
        fb::BuiltinOperator::MAX_POOL_2D => OpKind::MaxPool2d,
        fb::BuiltinOperator::RESHAPE => OpKind::Reshape,
        fb::BuiltinOperator::SQUEEZE => OpKind::Squeeze,
        fb::BuiltinOperator::EXPAND_DIMS => OpKind::ExpandDims,
        fb::BuiltinOperator::SOFTMAX => OpKind::Softmax,
        fb::BuiltinOperator::ADD => OpKind::Add,
        fb::BuiltinOperator::MEAN => OpKind::Mean,
        fb::BuiltinOperator::REDUCE_MAX => OpKind::ReduceMax,
        fb::BuiltinOperator::MAXIMUM => OpKind::Maximum,
        fb::BuiltinOperator::MINIMUM => OpKind::Minimum,
        fb::BuiltinOperator::RELU => OpKind::Relu,
        fb::BuiltinOperator::RELU6 => OpKind::Relu6,
        fb::BuiltinOperator::LOGISTIC => OpKind::Logistic,
        fb::BuiltinOperator::TANH => OpKind::Tanh,
        fb::BuiltinOperator::LEAKY_RELU => OpKind::LeakyRelu,
        fb::BuiltinOperator::HARD_SWISH => OpKind::HardSwish,
        fb::BuiltinOperator::SLICE => OpKind::Slice,
        fb::BuiltinOperator::SPLIT => OpKind::Split,
        fb::BuiltinOperator::SPLIT_V => OpKind::SplitV,
        fb::BuiltinOperator::TRANSPOSE => OpKind::Transpose,
        fb::BuiltinOperator::TILE => OpKind::Tile,
        fb::BuiltinOperator::PAD | fb::BuiltinOperator::PADV2 => OpKind::Pad,
        fb::BuiltinOperator::RESIZE_NEAREST_NEIGHBOR => OpKind::ResizeNearestNeighbor,
        fb::BuiltinOperator::TRANSPOSE_CONV => OpKind::TransposeConv,
        fb::BuiltinOperator::UNIDIRECTIONAL_SEQUENCE_LSTM => OpKind::UnidirectionalSequenceLstm,
        fb::BuiltinOperator::SHAPE => OpKind::Fold(FoldKind::Shape),
        fb::BuiltinOperator::STRIDED_SLICE => OpKind::Fold(FoldKind::StridedSlice),
        fb::BuiltinOperator::PACK => OpKind::Fold(FoldKind::Pack),
        fb::BuiltinOperator::CONCATENATION => OpKind::Fold(FoldKind::Concatenation),
        fb::BuiltinOperator::GATHER => OpKind::Fold(FoldKind::Gather),
        fb::BuiltinOperator::FILL => OpKind::Fold(FoldKind::Fill),
        fb::BuiltinOperator::CAST => OpKind::Fold(FoldKind::Cast),
        fb::BuiltinOperator::MUL => OpKind::Fold(FoldKind::Mul),
        fb::BuiltinOperator::SUB => OpKind::Fold(FoldKind::Sub),
        fb::BuiltinOperator::FLOOR_DIV => OpKind::Fold(FoldKind::FloorDiv),
        fb::BuiltinOperator::QUANTIZE => OpKind::Quantize,
        fb::BuiltinOperator::DEQUANTIZE => OpKind::Dequantize,
        _ => OpKind::Other,
    };
    let name = if builtin == fb::BuiltinOperator::CUSTOM {
        format!("CUSTOM({})", code.custom_code().unwrap_or("?"))
    } else {
        match builtin.variant_name() {
            Some(name) => name.to_owned(),
            None => format!("BUILTIN_{}", builtin.0),
        }
    };
    (kind, name)
}

fn read_tensor<'a>(
    index: usize,
    t: &fb::Tensor<'a>,
    buffers: &[fb::Buffer<'a>],
    file: &'a [u8],
) -> Result<Tensor<'a>, Error> {
    let mut shape = Vec::new();
    for d in t.shape().unwrap_or_default() {
        match usize::try_from(d) {
            Ok(d) => shape.push(d),
            Err(_) => bail!("tensor {index} has a negative dimension {d}"),
        }
    }
    let dtype = DType(t.type_().0);
    let buffer_index = usize::try_from(t.buffer()).unwrap_or(usize::MAX);
    // Buffer 0 is the empty sentinel; a tensor without data points at it.
    let data = if buffer_index == 0 {
        None
    } else {
        let Some(buffer) = buffers.get(buffer_index) else {
            bail!(
                "tensor {index} refers to buffer {}, but the model has {} buffers",
                t.buffer(),
                buffers.len()
            );
        };
        buffer_data(buffer, file).map_err(|why| Error::new(format!("tensor {index}: {why}")))?
    };
    let quantization = t.quantization().and_then(|q| {
        let scale: Vec<f32> = q.scale()?.iter().collect();
        if scale.is_empty() {
            return None;
        }
        Some(Quantization {
            scale,
            zero_point: q
                .zero_point()
                .map(|z| z.iter().collect())
                .unwrap_or_default(),
            axis: q.quantized_dimension(),
        })
    });
    Ok(Tensor {
        name: t.name().unwrap_or("").to_owned(),
        shape,
        dtype,
        data,
        quantization,
    })
}

fn buffer_data<'a>(buffer: &fb::Buffer<'a>, file: &'a [u8]) -> Result<Option<&'a [u8]>, String> {
    // Schema 3c: large models keep constant data after the flatbuffer, at
    // `offset` (from the start of the file, > 1 when used) with `size` bytes.
    if buffer.offset() > 1 {
        let range = usize::try_from(buffer.offset())
            .ok()
            .zip(usize::try_from(buffer.size()).ok())
            .and_then(|(start, len)| Some(start..start.checked_add(len)?));
        return match range.and_then(|r| file.get(r)) {
            Some(data) if !data.is_empty() => Ok(Some(data)),
            Some(_) => Ok(None),
            None => Err(format!(
                "its buffer lies outside the file (offset {}, size {}, file size {})",
                buffer.offset(),
                buffer.size(),
                file.len()
            )),
        };
    }
    Ok(buffer.data().map(|d| d.bytes()).filter(|d| !d.is_empty()))
}

fn read_options(op: &fb::Operator<'_>, index: usize) -> Result<Options, Error> {
    let conv = |padding_value,
                stride_h,
                stride_w,
                dilation_h,
                dilation_w,
                act|
     -> Result<ConvOptions, Error> {
        Ok(ConvOptions {
            padding: padding(padding_value, index)?,
            stride_h,
            stride_w,
            dilation_h,
            dilation_w,
            activation: activation(act),
        })
    };
    let ty = op.builtin_options_type();
    Ok(if let Some(o) = op.builtin_options_as_conv_2_doptions() {
        Options::Conv2d(conv(
            o.padding(),
            o.stride_h(),
            o.stride_w(),
            o.dilation_h_factor(),
            o.dilation_w_factor(),
            o.fused_activation_function(),
        )?)
    } else if let Some(o) = op.builtin_options_as_depthwise_conv_2_doptions() {
        Options::DepthwiseConv2d {
            conv: conv(
                o.padding(),
                o.stride_h(),
                o.stride_w(),
                o.dilation_h_factor(),
                o.dilation_w_factor(),
                o.fused_activation_function(),
            )?,
            depth_multiplier: o.depth_multiplier(),
        }
    } else if let Some(o) = op.builtin_options_as_transpose_conv_options() {
        Options::TransposeConv(conv(
            o.padding(),
            o.stride_h(),
            o.stride_w(),
            1,
            1,
            o.fused_activation_function(),
        )?)
    } else if let Some(o) = op.builtin_options_as_pool_2_doptions() {
        Options::Pool {
            padding: padding(o.padding(), index)?,
            stride_h: o.stride_h(),
            stride_w: o.stride_w(),
            filter_h: o.filter_height(),
            filter_w: o.filter_width(),
            activation: activation(o.fused_activation_function()),
        }
    } else if let Some(o) = op.builtin_options_as_fully_connected_options() {
        Options::FullyConnected {
            activation: activation(o.fused_activation_function()),
            default_weights_format: o.weights_format()
                == fb::FullyConnectedOptionsWeightsFormat::DEFAULT,
            keep_num_dims: o.keep_num_dims(),
        }
    } else if let Some(o) = op.builtin_options_as_softmax_options() {
        Options::Softmax { beta: o.beta() }
    } else if let Some(o) = op.builtin_options_as_add_options() {
        Options::Add {
            activation: activation(o.fused_activation_function()),
        }
    } else if let Some(o) = op.builtin_options_as_sub_options() {
        Options::Sub {
            activation: activation(o.fused_activation_function()),
        }
    } else if let Some(o) = op.builtin_options_as_mul_options() {
        Options::Mul {
            activation: activation(o.fused_activation_function()),
        }
    } else if let Some(o) = op.builtin_options_as_strided_slice_options() {
        Options::StridedSlice {
            begin_mask: o.begin_mask(),
            end_mask: o.end_mask(),
            shrink_axis_mask: o.shrink_axis_mask(),
            ellipsis_mask: o.ellipsis_mask(),
            new_axis_mask: o.new_axis_mask(),
            offset: o.offset(),
        }
    } else if let Some(o) = op.builtin_options_as_pack_options() {
        Options::Pack { axis: o.axis() }
    } else if let Some(o) = op.builtin_options_as_concatenation_options() {
        Options::Concatenation {
            axis: o.axis(),
            activation: activation(o.fused_activation_function()),
        }
    } else if let Some(o) = op.builtin_options_as_gather_options() {
        Options::Gather { axis: o.axis() }
    } else if let Some(o) = op.builtin_options_as_reducer_options() {
        Options::Reducer {
            keep_dims: o.keep_dims(),
        }
    } else if let Some(o) = op.builtin_options_as_unidirectional_sequence_lstmoptions() {
        Options::UnidirectionalSequenceLstm {
            activation: activation(o.fused_activation_function()),
            cell_clip: o.cell_clip(),
            proj_clip: o.proj_clip(),
            time_major: o.time_major(),
            asymmetric_quantize_inputs: o.asymmetric_quantize_inputs(),
            diagonal_recurrent_tensors: o.diagonal_recurrent_tensors(),
        }
    } else if let Some(o) = op.builtin_options_as_leaky_relu_options() {
        Options::LeakyRelu { alpha: o.alpha() }
    } else if let Some(o) = op.builtin_options_as_reshape_options() {
        Options::Reshape {
            new_shape: o.new_shape().map(|s| s.iter().collect()),
        }
    } else if let Some(o) = op.builtin_options_as_squeeze_options() {
        Options::Squeeze {
            squeeze_dims: o
                .squeeze_dims()
                .map(|d| d.iter().collect())
                .unwrap_or_default(),
        }
    } else if let Some(o) = op.builtin_options_as_resize_nearest_neighbor_options() {
        Options::ResizeNearestNeighbor {
            align_corners: o.align_corners(),
            half_pixel_centers: o.half_pixel_centers(),
        }
    } else if ty == fb::BuiltinOptions::NONE {
        Options::None
    } else {
        Options::Other(ty.variant_name().unwrap_or("unknown options").to_owned())
    })
}
