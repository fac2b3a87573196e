//! One file per TFLite operator: its options, inputs and the layer it
//! becomes, named like `tinyml_spec`'s op modules. [`Lowering::lower_op`]
//! dispatches to them.
//!
//! [`imported_from`] says which TensorFlow Lite operators each `tiny_model!`
//! layer is imported from: one row per layer of the spec's table. The match
//! has no wildcard, so a layer added to `tinyml_spec` without a row here
//! does not compile, and the list of supported operators in error messages
//! is built from it. (Public as `tinyml_cli::mapping`.)

mod add;
mod binary;
mod concat;
mod conv2d;
mod conv2d_transpose;
mod dense;
mod depthwise_conv2d;
mod hard_swish;
mod leaky_relu;
mod lstm;
mod maximum;
mod mean;
mod minimum;
mod mul;
mod pad;
mod pool;
mod reduce_max;
mod relu;
mod reshape;
mod sigmoid;
mod slice;
pub(super) mod softmax;
mod split;
mod sub;
mod tanh;
mod tile;
mod transpose;
mod upsample;

use tinyml_spec::Kind;

use crate::Error;
use crate::error::bail;
use crate::graph::lowering::{Lowering, op_label};
use crate::graph::{Element, Hw, ShapeDisplay};
use crate::tflite::{FoldKind, OpKind, Operator};

/// How a layer comes out of a `.tflite` file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Importable {
    /// From these TFLite operators.
    From(&'static [&'static str]),
    /// Not produced by the importer, and why.
    No(&'static str),
}

/// The TFLite operators that become `kind`.
pub fn imported_from(kind: Kind) -> Importable {
    match kind {
        Kind::Conv2d => Importable::From(&["CONV_2D"]),
        Kind::DepthwiseConv2d => Importable::From(&["DEPTHWISE_CONV_2D"]),
        Kind::Conv2dTranspose => Importable::From(&["TRANSPOSE_CONV"]),
        // Keras' 1-D layers: the 2-D operator with a window of height 1,
        // between EXPAND_DIMS and SQUEEZE or RESHAPE (see `graph/steps.rs`).
        Kind::Conv1d => Importable::From(&["CONV_2D"]),
        Kind::DepthwiseConv1d => Importable::From(&["DEPTHWISE_CONV_2D"]),
        Kind::Dense => Importable::From(&["FULLY_CONNECTED"]),
        Kind::Lstm => Importable::From(&["UNIDIRECTIONAL_SEQUENCE_LSTM"]),
        Kind::Relu => Importable::From(&["RELU"]),
        Kind::Relu6 => Importable::From(&["RELU6"]),
        Kind::LeakyRelu => Importable::From(&["LEAKY_RELU"]),
        Kind::Sigmoid => Importable::From(&["LOGISTIC"]),
        Kind::Tanh => Importable::From(&["TANH"]),
        Kind::HardSwish => Importable::From(&["HARD_SWISH"]),
        Kind::MaxPool => Importable::From(&["MAX_POOL_2D", "REDUCE_MAX"]),
        Kind::AvgPool => Importable::From(&["AVERAGE_POOL_2D"]),
        Kind::MaxPool1d => Importable::From(&["MAX_POOL_2D", "REDUCE_MAX"]),
        Kind::AvgPool1d => Importable::From(&["AVERAGE_POOL_2D"]),
        Kind::GlobalAvgPool => Importable::No(
            "an AVERAGE_POOL_2D over the whole plane imports as `avg_pool`, and Keras' GlobalAveragePooling2D \
             (MEAN) as `mean`",
        ),
        Kind::Mean => Importable::From(&["MEAN"]),
        Kind::Pad => Importable::From(&["PAD", "PADV2"]),
        Kind::Upsample => Importable::From(&["RESIZE_NEAREST_NEIGHBOR"]),
        Kind::Flatten | Kind::Reshape => Importable::From(&["RESHAPE", "SQUEEZE", "EXPAND_DIMS"]),
        Kind::Softmax => Importable::From(&["SOFTMAX"]),
        Kind::Add => Importable::From(&["ADD"]),
        Kind::Sub => Importable::From(&["SUB"]),
        Kind::Mul => Importable::From(&["MUL"]),
        Kind::Maximum => Importable::From(&["MAXIMUM"]),
        Kind::Minimum => Importable::From(&["MINIMUM"]),
        Kind::Concat => Importable::From(&["CONCATENATION"]),
        // SPLIT and SPLIT_V: one `slice` per output.
        Kind::Slice => Importable::From(&["SLICE", "STRIDED_SLICE", "SPLIT", "SPLIT_V"]),
        Kind::Transpose => Importable::From(&["TRANSPOSE"]),
        Kind::Tile => Importable::From(&["TILE"]),
    }
}

/// The operators `tinyml import` supports, for error messages.
pub fn supported_ops() -> String {
    let mut names: Vec<&str> = Vec::new();
    for &kind in Kind::ALL {
        if let Importable::From(ops) = imported_from(kind) {
            for op in ops {
                if !names.contains(op) {
                    names.push(op);
                }
            }
        }
    }
    format!(
        "{} (and QUANTIZE/DEQUANTIZE at the model's input/output, DEQUANTIZE of float16 constants, \
         SHAPE/STRIDED_SLICE/PACK/CONCATENATION/GATHER/FILL/CAST/MUL/SUB/FLOOR_DIV on shapes and integer \
         constants, which are folded)",
        names.join(", ")
    )
}

/// Operators that the roadmap adds (issues 9 and 10), for refusals.
const ROADMAP: &[&str] = &["WHILE"];

/// The operators around a dilated convolution in a converted model.
const DILATION_OPS: &[&str] = &["SPACE_TO_BATCH_ND", "BATCH_TO_SPACE_ND"];

impl Lowering<'_, '_> {
    /// Refuses a model with operators that nothing lowers, naming every
    /// one (with its count and indices) and which are on the roadmap, before
    /// any is lowered: a user learns all that blocks the model at once.
    pub(crate) fn refuse_unsupported(&self, folded: &[bool]) -> Result<(), Error> {
        let mut found: Vec<(&str, Vec<usize>)> = Vec::new();
        for op in &self.model.operators {
            let unsupported = match op.kind {
                OpKind::Other => true,
                OpKind::Fold(kind) => {
                    !folded[op.index] && (self.integer_output(op) || !lowers_on_activations(kind))
                }
                _ => false,
            };
            if unsupported {
                match found.iter_mut().find(|(name, _)| *name == op.name) {
                    Some((_, indices)) => indices.push(op.index),
                    None => found.push((&op.name, vec![op.index])),
                }
            }
        }
        if found.is_empty() {
            return Ok(());
        }
        let list: Vec<String> = found
            .iter()
            .map(|(name, indices)| {
                let at: Vec<String> = indices.iter().map(usize::to_string).collect();
                let (count, s) = (indices.len(), if indices.len() == 1 { "" } else { "s" });
                format!("{name} ×{count} (operator{s} {})", at.join(", "))
            })
            .collect();
        let planned: Vec<&str> = found
            .iter()
            .map(|(name, _)| *name)
            .filter(|name| ROADMAP.contains(name))
            .collect();
        let roadmap = match planned.as_slice() {
            [] => String::new(),
            names => format!("; on the roadmap: {}", names.join(", ")),
        };
        let dilated = if found.iter().any(|(name, _)| DILATION_OPS.contains(name)) {
            ". SPACE_TO_BATCH_ND and BATCH_TO_SPACE_ND are how the converter writes a dilated convolution \
             (Keras' `dilation_rate`), which tinyml does not support"
        } else {
            ""
        };
        bail!(
            "unsupported operator{}: {}{roadmap}{dilated}. `tinyml import` supports {}",
            if found.len() == 1 { "" } else { "s" },
            list.join(", "),
            supported_ops()
        )
    }

    /// Lowers one operator (QUANTIZE and DEQUANTIZE at the edges were
    /// stripped before).
    pub(super) fn lower_op(&mut self, op: &Operator) -> Result<(), Error> {
        match op.kind {
            OpKind::Conv2d => self.conv2d(op),
            OpKind::DepthwiseConv2d => self.depthwise_conv2d(op),
            OpKind::FullyConnected => self.dense(op),
            OpKind::AveragePool2d | OpKind::MaxPool2d => self.pool(op),
            OpKind::Reshape | OpKind::Squeeze | OpKind::ExpandDims => self.reshape(op),
            OpKind::Softmax => self.softmax(op),
            OpKind::Add => self.add(op),
            OpKind::Maximum => self.maximum(op),
            OpKind::Minimum => self.minimum(op),
            OpKind::Fold(FoldKind::Sub) if !self.integer_output(op) => self.sub(op),
            OpKind::Fold(FoldKind::Mul) if !self.integer_output(op) => self.mul(op),
            OpKind::Fold(FoldKind::Concatenation) if !self.integer_output(op) => self.concat(op),
            OpKind::Fold(FoldKind::StridedSlice) if !self.integer_output(op) => self.slice(op),
            OpKind::Slice => self.slice(op),
            OpKind::Split | OpKind::SplitV => self.split(op),
            OpKind::Transpose => self.transpose(op),
            OpKind::Tile => self.tile(op),
            OpKind::Mean => self.mean(op),
            OpKind::ReduceMax => self.reduce_max(op),
            OpKind::Pad => self.pad(op),
            OpKind::ResizeNearestNeighbor => self.upsample(op),
            OpKind::TransposeConv => self.conv2d_transpose(op),
            OpKind::UnidirectionalSequenceLstm => self.lstm(op),
            OpKind::Relu | OpKind::Relu6 => self.relu(op),
            OpKind::Logistic => self.sigmoid(op),
            OpKind::Tanh => self.tanh(op),
            OpKind::LeakyRelu => self.leaky_relu(op),
            OpKind::HardSwish => self.hard_swish(op),
            OpKind::Quantize | OpKind::Dequantize if self.graph.element == Element::I8 => bail!(
                "{}: {} inside an int8 model (a requantization) is not supported",
                op_label(op),
                op.name
            ),
            OpKind::Dequantize => self.dequantize(op),
            OpKind::Quantize => bail!(
                "{}: QUANTIZE is only supported at the model output; here it is in the middle of the graph",
                op_label(op)
            ),
            OpKind::Fold(_) if self.integer_output(op) => bail!(
                "{}: {} on run-time values is not supported; `tinyml import` evaluates it only on shapes and \
                 integer constants (as an unfixed batch size makes the converter emit)",
                op_label(op),
                op.name
            ),
            OpKind::Fold(_) | OpKind::Other => bail!(
                "unsupported operator {} at index {}; `tinyml import` supports {}",
                op.name,
                op.index,
                supported_ops()
            ),
        }
    }
}

/// Whether a foldable operator is also a layer on activations (`MUL`,
/// `SUB`, `CONCATENATION`, `STRIDED_SLICE`).
fn lowers_on_activations(kind: FoldKind) -> bool {
    matches!(
        kind,
        FoldKind::Mul | FoldKind::Sub | FoldKind::Concatenation | FoldKind::StridedSlice
    )
}

impl Lowering<'_, '_> {
    /// Whether the reduction `op` (MEAN, REDUCE_MAX) of an input of `shape`
    /// runs over all its dimensions but the channels: height and width, or
    /// the steps, as Keras' global poolings export. Its axes (input 1) count
    /// the batch and may be negative.
    pub(super) fn reduces_all_but_channels(
        &self,
        op: &Operator,
        shape: &[usize],
    ) -> Result<bool, Error> {
        let axes: Vec<i32> = self.constant(op, 1, "axis", None)?;
        let rank = shape.len() as i32 + 1;
        let mut reduced: Vec<i32> = axes
            .iter()
            .map(|&a| if a < 0 { a + rank } else { a })
            .collect();
        reduced.sort_unstable();
        Ok(reduced.iter().copied().eq(1..rank - 1))
    }

    /// The axes of the reduction `op`, for a refusal.
    pub(super) fn axes_text(&self, op: &Operator) -> String {
        let axes: Result<Vec<i32>, _> = self.constant(op, 1, "axis", None);
        axes.map_or_else(|_| "?".into(), |a| format!("{a:?}"))
    }
}

/// Why an int8 pool or reshape must keep its input's quantization.
pub(super) const KEEPS_QUANT: &str =
    "TFLite requires int8 pools and reshapes to keep their input's quantization";

/// Refuses an int8 output quantization `out` other than the `fixed` one
/// (of scale `scale_text`) that TFLite Micro's kernel of `op` computes.
pub(super) fn fixed_output(
    out: Option<tinyml_format::Quant>,
    fixed: tinyml_format::Quant,
    scale_text: &str,
    op: &Operator,
) -> Result<(), Error> {
    match out {
        Some(out) if out != fixed => bail!(
            "{}: its output has scale {} and zero point {}; an int8 {} must output scale {scale_text} and zero \
             point {}, the only quantization TFLite Micro's kernel computes",
            op_label(op),
            out.scale,
            out.zero_point,
            op.name,
            fixed.zero_point
        ),
        _ => Ok(()),
    }
}

/// The number of elements of `shape`, if it can be counted.
pub(super) use tinyml_spec::shape::elements;

/// `shape` as `[height, width, channels]`.
pub(super) fn hwc(shape: &[usize], op: &Operator) -> Result<[usize; 3], Error> {
    match *shape {
        [h, w, c] => Ok([h, w, c]),
        _ => bail!(
            "{}: expected an input of shape [height, width, channels] (after the batch), found {}",
            op_label(op),
            ShapeDisplay(shape)
        ),
    }
}

/// Refuses a dilation other than 1x1.
pub(super) fn check_dilation(op: &Operator, dh: i32, dw: i32) -> Result<(), Error> {
    if dh != 1 || dw != 1 {
        bail!(
            "{}: dilation {dh}x{dw} is not supported (only 1)",
            op_label(op)
        );
    }
    Ok(())
}

/// TFLite's stride options as positive `(height, width)`.
pub(super) fn strides(op: &Operator, sh: i32, sw: i32) -> Result<Hw, Error> {
    match (usize::try_from(sh), usize::try_from(sw)) {
        (Ok(h), Ok(w)) if h > 0 && w > 0 => Ok((h, w)),
        _ => bail!("{}: invalid stride {sh}x{sw}", op_label(op)),
    }
}
