//! `i8` models: reading the `.tmw` weights file, matching its records to the
//! declared layers, and TFLM's "prepare" step (multipliers, shifts, folded
//! biases, activation ranges), all at compile time. Inference then runs on
//! integers only.

use syn::LitStr;
use tinyml_format::{Activation as FileActivation, Layer, LayerKind, Quant, WeightsFile};
use tinyml_kernels::int8::prepare::{self, FusedActivation, PrepareError, TensorQuant};

use super::layers::shape_text;
use super::weights::{ParamLayer, read_file};
use crate::ast::WeightsDecl;
use crate::ctxt::Ctxt;
use crate::ir::{Activation, Blob, Int8Model, Int8Node, Node, Op, Params, PerChannelQuant, Tensor};

/// Reads and checks the model's `.tmw` file and prepares every layer;
/// returns the file (for the expansion's `include_bytes!`) and the plan.
pub(crate) fn prepare(
    layers: &[ParamLayer<'_>],
    nodes: &mut [Node],
    tensors: &[Tensor],
    decl: Option<&WeightsDecl>,
    cx: &Ctxt,
) -> Option<(LitStr, Int8Model)> {
    for layer in layers {
        for file in [layer.files.weights, layer.files.bias]
            .into_iter()
            .flatten()
        {
            cx.error(
                file.path.span(),
                "`i8` models take all parameters from one tinyml weights file (`weights = include_bytes!(\"model.tmw\");` after the chains, as `tinyml import` writes it), not from per-layer files",
            );
        }
    }
    for node in nodes.iter() {
        if let Op::Clamp(_) = node.op {
            cx.error(
                node.span,
                "a standalone activation is not supported in an `i8` model; it must follow a layer that fuses it (conv2d, depthwise_conv2d, dense, a pool or add)",
            );
        }
    }
    let Some(decl) = decl else {
        let span = nodes
            .first()
            .map_or_else(proc_macro2::Span::call_site, |n| n.span);
        cx.error(
            span,
            "an `i8` model needs its quantized weights: add `weights = include_bytes!(\"model.tmw\");` after the chains (`tinyml import model.tflite` writes the file)",
        );
        return None;
    };
    if cx.has_errors() {
        return None;
    }
    let path = &decl.file.path;
    let (resolved, bytes) = read_file(path, cx)?;
    let (file, offsets) = match WeightsFile::decode_with_offsets(&bytes) {
        Ok(decoded) => decoded,
        Err(error) => {
            cx.error(
                path.span(),
                format_args!(
                    "`{}` is not a valid tinyml weights file: {error}",
                    path.value()
                ),
            );
            return None;
        }
    };
    let needing = nodes
        .iter()
        .filter(|n| !matches!(n.op, Op::Reshape))
        .count();
    if needing != file.layers.len() {
        cx.error(
            path.span(),
            format_args!(
                "`{}` has {} layer records, but the model has {needing} layers that need one (all but relu, relu6, flatten and reshape); was it imported from this model?",
                path.value(),
                file.layers.len()
            ),
        );
        return None;
    }
    let mut quants: Vec<Option<Quant>> = vec![None; tensors.len()];
    quants[0] = Some(file.input);
    let mut prepared = Vec::with_capacity(nodes.len());
    let mut records = file.layers.iter().zip(&offsets).enumerate();
    for (index, node) in nodes.iter_mut().enumerate() {
        let inputs: Vec<Quant> = node.inputs.iter().filter_map(|&t| quants[t]).collect();
        if matches!(node.op, Op::Reshape) {
            quants[node.output] = inputs.first().copied();
            prepared.push(None);
            continue;
        }
        let (number, (record, offset)) = records.next().expect("counted above");
        let context = Record {
            cx,
            path,
            number,
            node,
            record,
        };
        let shape = layers
            .iter()
            .find(|l| l.node == index)
            .map(|l| l.files.weights_shape.as_slice());
        if let Some(result) = context.prepare(&inputs, shape) {
            if let (Some(offset), Some(params), Some(file_params)) =
                (offset, node.op.params_mut(), &record.params)
            {
                // The weights are read in place from the file; the bias is
                // emitted already folded, so only its length matters.
                let len = file_params.weights.len();
                let bias_len = file_params.bias.len();
                *params = Params {
                    weights: Blob {
                        file: None,
                        offset: *offset,
                        len,
                    },
                    bias: Blob {
                        file: None,
                        offset: 0,
                        len: bias_len,
                    },
                };
            }
            prepared.push(Some(result));
        } else {
            prepared.push(None);
        }
        quants[node.output] = Some(record.output);
    }
    let output = nodes.last().and_then(|n| quants[n.output]);
    if let Some(output) = output
        && output != file.output
    {
        cx.error(
            path.span(),
            format_args!(
                "`{}` gives the model output scale {} and zero point {}, but its last layer outputs scale {} and zero point {}",
                path.value(),
                file.output.scale,
                file.output.zero_point,
                output.scale,
                output.zero_point
            ),
        );
    }
    if cx.has_errors() {
        return None;
    }
    let literal = LitStr::new(resolved.to_str().unwrap_or(&path.value()), path.span());
    Some((
        literal,
        Int8Model {
            input: file.input,
            output: file.output,
            nodes: prepared,
        },
    ))
}

/// One record of the file beside the node it belongs to.
struct Record<'a> {
    cx: &'a Ctxt,
    path: &'a LitStr,
    number: usize,
    node: &'a Node,
    record: &'a Layer,
}

impl Record<'_> {
    fn error(&self, message: impl std::fmt::Display) {
        self.cx.error(
            self.node.span,
            format_args!(
                "`{}` (record {} of `{}`): {message}",
                self.node.label,
                self.number,
                self.path.value()
            ),
        );
    }

    /// The value, or `None` after reporting why TFLM's prepare would fail.
    fn ok<T>(&self, result: Result<T, PrepareError>) -> Option<T> {
        result.map_err(|e| self.error(e)).ok()
    }

    /// Checks the record against the node and prepares the node.
    fn prepare(&self, inputs: &[Quant], shape: Option<&[usize]>) -> Option<Int8Node> {
        // Standalone activations and reshapes have no record (see `prepare`).
        let (kind, activation) = kind_of(&self.node.op)?;
        if self.record.kind != kind {
            self.error(format_args!(
                "the file has a `{}` here, so it does not belong to this model",
                self.record.kind.name()
            ));
            return None;
        }
        let file_activation = match self.record.activation {
            FileActivation::None => Activation::None,
            FileActivation::Relu => Activation::Relu,
            FileActivation::Relu6 => Activation::Relu6,
        };
        if file_activation != activation {
            let name = |a: Activation| match a {
                Activation::None => "no activation",
                Activation::Relu => "`relu`",
                Activation::Relu6 => "`relu6`",
            };
            self.error(format_args!(
                "the file quantized it with {} fused, but the model declares {}",
                name(file_activation),
                name(activation)
            ));
            return None;
        }
        let output = tensor_quant(self.record.output);
        let fused = match activation {
            Activation::None => FusedActivation::None,
            Activation::Relu => FusedActivation::Relu,
            Activation::Relu6 => FusedActivation::Relu6,
        };
        let input = tensor_quant(*inputs.first()?);
        match &self.node.op {
            Op::Conv2d { .. } | Op::DepthwiseConv2d { .. } | Op::Dense { .. } => {
                self.params_layer(input, output, fused, shape?)
            }
            Op::MaxPool { .. } | Op::AvgPool { .. } | Op::GlobalAvgPool => {
                if input != output {
                    self.error(format_args!(
                        "a pool must keep its input's quantization (scale {}, zero point {}), but the file gives scale {} and zero point {}",
                        input.scale, input.zero_point, output.scale, output.zero_point
                    ));
                    return None;
                }
                self.ok(prepare::pool_quant(output, fused))
                    .map(Int8Node::Pool)
            }
            Op::Add { .. } => {
                let other = tensor_quant(*inputs.get(1)?);
                self.ok(prepare::add(input, other, output, fused))
                    .map(Int8Node::Add)
            }
            Op::Softmax => self
                .ok(prepare::softmax(1.0, input, output))
                .map(Int8Node::Softmax),
            Op::Clamp(_) | Op::Reshape => None,
        }
    }

    fn params_layer(
        &self,
        input: TensorQuant,
        output: TensorQuant,
        fused: FusedActivation,
        shape: &[usize],
    ) -> Option<Int8Node> {
        let params = self.record.params.as_ref()?;
        let dims: Vec<usize> = params.dims.iter().map(|&d| d as usize).collect();
        if dims != shape {
            self.error(format_args!(
                "the file's weights have shape {}, but the model declares {}",
                shape_text(&dims),
                shape_text(shape)
            ));
            return None;
        }
        let channels = params.channels(self.record.kind);
        if params.scales.len() != 1 && params.scales.len() != channels {
            self.error(format_args!(
                "the file has {} weight scales; expected 1 or one per output channel ({channels})",
                params.scales.len()
            ));
            return None;
        }
        let scale = |c: usize| params.scales[if params.scales.len() == 1 { 0 } else { c }];
        let mut bias = vec![0; channels];
        let depthwise = matches!(self.node.op, Op::DepthwiseConv2d { .. });
        if depthwise {
            prepare::fold_bias_depthwise(
                &params.bias,
                &params.weights,
                input.zero_point,
                &mut bias,
            );
        } else {
            prepare::fold_bias_rows(&params.bias, &params.weights, input.zero_point, &mut bias);
        }
        self.overflow_guard(&bias, &params.weights, depthwise)?;
        let multipliers = |channels: usize| -> (Vec<i32>, Vec<i32>) {
            (0..channels)
                .map(|c| prepare::conv_multiplier(input.scale, scale(c), output.scale))
                .unzip()
        };
        if !matches!(self.node.op, Op::Dense { .. }) {
            let quant = PerChannelQuant::Conv(self.ok(prepare::conv_quant(input, output, fused))?);
            let (multipliers, shifts) = multipliers(channels);
            return Some(Int8Node::PerChannel {
                quant,
                multipliers,
                shifts,
                bias,
            });
        }
        let quant = self.ok(prepare::dense_quant(output, fused))?;
        if params.scales.len() == 1 {
            let (multiplier, shift) =
                prepare::dense_multiplier(input.scale, scale(0), output.scale);
            return Some(Int8Node::PerTensor {
                quant,
                multiplier,
                shift,
                bias,
            });
        }
        let (multipliers, shifts) = multipliers(channels);
        Some(Int8Node::PerChannel {
            quant: PerChannelQuant::Dense(quant),
            multipliers,
            shifts,
            bias,
        })
    }

    /// Proves from the actual weights that no output channel's `i32`
    /// accumulator can overflow, or reports the first that could.
    fn overflow_guard(&self, bias: &[i32], weights: &[i8], depthwise: bool) -> Option<()> {
        let channels = bias.len();
        for (channel, &b) in bias.iter().enumerate() {
            let bound = if depthwise {
                prepare::accumulator_bound(b, weights, channel, channels)
            } else {
                let row = weights.len() / channels;
                prepare::accumulator_bound(b, &weights[channel * row..(channel + 1) * row], 0, 1)
            };
            if bound > i64::from(i32::MAX) {
                self.error(format_args!(
                    "output channel {channel} could overflow the int32 accumulator: |bias| + 128·Σ|w| = {bound} > {}",
                    i32::MAX
                ));
                return None;
            }
        }
        Some(())
    }
}

/// The record a node needs: its kind and fused activation.
fn kind_of(op: &Op) -> Option<(LayerKind, Activation)> {
    Some(match *op {
        Op::Conv2d { activation, .. } => (LayerKind::Conv2d, activation),
        Op::DepthwiseConv2d { activation, .. } => (LayerKind::DepthwiseConv2d, activation),
        Op::Dense { activation, .. } => (LayerKind::Dense, activation),
        Op::MaxPool { activation, .. } => (LayerKind::MaxPool, activation),
        Op::AvgPool { activation, .. } => (LayerKind::AvgPool, activation),
        Op::GlobalAvgPool => (LayerKind::GlobalAvgPool, Activation::None),
        Op::Add { activation } => (LayerKind::Add, activation),
        Op::Softmax => (LayerKind::Softmax, Activation::None),
        Op::Clamp(_) | Op::Reshape => return None,
    })
}

fn tensor_quant(quant: Quant) -> TensorQuant {
    TensorQuant {
        scale: quant.scale,
        zero_point: quant.zero_point,
    }
}
