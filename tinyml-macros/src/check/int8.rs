//! `i8` models: reading the `.tmw` weights file, matching its records to the
//! declared layers, and TFLM's "prepare" step (multipliers, shifts, folded
//! biases, activation ranges), all at compile time. Inference then runs on
//! integers only. Each layer's own step is in its `ops` file; the helpers it
//! calls are here.

use syn::LitStr;
use tinyml_format::{Layer as FileLayer, Quant, WeightsFile};
use tinyml_kernels::int8::prepare::{self, FusedActivation, PrepareError, TensorQuant};
use tinyml_spec::{Activation, Kind, ParamShape, shape_text};

use super::weights::{ParamLayer, read_file};
use crate::ast::WeightsDecl;
use crate::ctxt::Ctxt;
use crate::ir::{Blob, Graph, Int8Io, Int8Node, Node, Params, PerChannelQuant, Table};
use crate::ops;

/// Reads and checks the model's `.tmw` file and prepares every layer;
/// returns the file (for the expansion's `include_bytes!`) and the model's
/// input and output quantization.
pub(crate) fn prepare(
    layers: &[ParamLayer<'_>],
    graph: &mut Graph,
    decl: Option<&WeightsDecl>,
    cx: &Ctxt,
) -> Option<(LitStr, Int8Io)> {
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
    for node in &graph.nodes {
        if node.layer.kind().activation().is_some() {
            cx.error(
                node.extra.span,
                "a standalone activation is not supported in an `i8` model; it must follow a layer that fuses it (a convolution, dense, a pool or add)",
            );
        }
    }
    let Some(decl) = decl else {
        let span = graph
            .nodes
            .first()
            .map_or_else(proc_macro2::Span::call_site, |n| n.extra.span);
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
    let needing = graph
        .nodes
        .iter()
        .filter(|n| n.layer.kind().record().is_some())
        .count();
    if needing != file.layers.len() {
        cx.error(
            path.span(),
            format_args!(
                "`{}` has {} layer records, but the model has {needing} layers that need one (all but {}); was it imported from this model?",
                path.value(),
                file.layers.len(),
                without_record()
            ),
        );
        return None;
    }
    let outputs = graph.outputs();
    if file.inputs.len() != graph.inputs.len() || file.outputs.len() != outputs.len() {
        cx.error(
            path.span(),
            format_args!(
                "`{}` is for a model with {} input(s) and {} output(s), but this model has {} and {}; was it imported from this model?",
                path.value(),
                file.inputs.len(),
                file.outputs.len(),
                graph.inputs.len(),
                outputs.len()
            ),
        );
        return None;
    }
    let mut quants: Vec<Option<Quant>> = vec![None; graph.tensors.len()];
    for (&tensor, &quant) in graph.inputs.iter().zip(&file.inputs) {
        quants[tensor] = Some(quant);
    }
    let mut records = file.layers.iter().zip(&offsets).enumerate();
    for index in 0..graph.nodes.len() {
        let node = &graph.nodes[index];
        let inputs: Vec<Quant> = node.inputs.iter().filter_map(|&t| quants[t]).collect();
        if node.layer.kind().record().is_none() {
            // `concat` copies: TFLM requires one quantization for all.
            if let Some(other) = inputs.iter().find(|&&q| Some(q) != inputs.first().copied()) {
                let first = inputs[0];
                cx.error(
                    node.extra.span,
                    format_args!(
                        "`{}` joins tensors of different quantizations (scale {}, zero point {} and scale {}, zero point {}); TFLM copies int8 values, so all must be the same",
                        node.extra.label, first.scale, first.zero_point, other.scale, other.zero_point
                    ),
                );
            }
            quants[node.output] = inputs.first().copied();
            continue;
        }
        let (number, (record, offset)) = records.next()?;
        let shape = layers.iter().find(|l| l.node == index).map(|l| &l.shape);
        let context = Record {
            cx,
            path,
            number,
            node,
            record,
            inputs: &inputs,
            shape,
            input_shape: graph.shape(node.inputs[0]),
        };
        let prepared = context
            .matches()
            .and_then(|()| ops::prepare_int8(&node.layer, &context));
        let output = node.output;
        let node = &mut graph.nodes[index].extra;
        if let (Some(_), Some(offset), Some(file_params)) = (&prepared, offset, &record.params) {
            // The weights are read in place from the file; the bias is
            // emitted already folded, so only its length matters.
            node.params = Some(Params {
                weights: Blob {
                    file: None,
                    offset: *offset,
                    len: file_params.weights.len(),
                },
                bias: Blob {
                    file: None,
                    offset: 0,
                    len: file_params.bias.len(),
                },
            });
        }
        node.int8 = prepared;
        quants[output] = Some(record.output);
    }
    for (number, (&tensor, &declared)) in outputs.iter().zip(&file.outputs).enumerate() {
        if let Some(computed) = quants[tensor]
            && computed != declared
        {
            let which = if outputs.len() == 1 {
                "the model output".to_owned()
            } else {
                format!("model output {number}")
            };
            cx.error(
                path.span(),
                format_args!(
                    "`{}` gives {which} scale {} and zero point {}, but the layer that computes it outputs scale {} and zero point {}",
                    path.value(),
                    declared.scale,
                    declared.zero_point,
                    computed.scale,
                    computed.zero_point
                ),
            );
        }
    }
    if cx.has_errors() {
        return None;
    }
    let literal = LitStr::new(resolved.to_str().unwrap_or(&path.value()), path.span());
    Some((
        literal,
        Int8Io {
            inputs: file.inputs,
            outputs: file.outputs,
            tensors: quants,
        },
    ))
}

/// `relu, relu6, flatten and reshape`: the layers without a record.
fn without_record() -> String {
    let names: Vec<&str> = Kind::ALL
        .iter()
        .filter(|k| k.record().is_none())
        .map(|k| k.name())
        .collect();
    match names.split_last() {
        Some((last, init)) if !init.is_empty() => format!("{} and {last}", init.join(", ")),
        _ => names.join(""),
    }
}

/// The weighted layers' variants of the prepare step.
pub(crate) enum Weighted {
    Conv,
    Depthwise,
    Dense,
    /// TFLM sums a transposed convolution's taps unfolded: the raw bias.
    Transpose,
}

/// One record of the file beside the node it belongs to: what a layer's
/// prepare step reads.
pub(crate) struct Record<'a> {
    cx: &'a Ctxt,
    path: &'a LitStr,
    number: usize,
    node: &'a Node,
    record: &'a FileLayer,
    /// The quantization of the node's inputs.
    inputs: &'a [Quant],
    /// The weights and bias the declared layer needs, if it has any.
    shape: Option<&'a ParamShape>,
    /// The shape of the node's first input.
    input_shape: &'a [usize],
}

impl Record<'_> {
    /// Reports `message` on the node's layer, naming the record.
    pub(crate) fn error(&self, message: impl std::fmt::Display) {
        self.cx.error(
            self.node.extra.span,
            format_args!(
                "`{}` (record {} of `{}`): {message}",
                self.node.extra.label,
                self.number,
                self.path.value()
            ),
        );
    }

    /// The value, or `None` after reporting why TFLM's prepare would fail.
    pub(crate) fn ok<T>(&self, result: Result<T, PrepareError>) -> Option<T> {
        result.map_err(|e| self.error(e)).ok()
    }

    /// The quantization of input `i`.
    pub(crate) fn input(&self, i: usize) -> Option<TensorQuant> {
        self.inputs.get(i).map(|&q| tensor_quant(q))
    }

    /// The quantization of the output, from the record.
    pub(crate) fn output(&self) -> TensorQuant {
        tensor_quant(self.record.output)
    }

    /// The fused activation.
    pub(crate) fn fused(&self) -> FusedActivation {
        match self.node.activation {
            Activation::None => FusedActivation::None,
            Activation::Relu => FusedActivation::Relu,
            Activation::Relu6 => FusedActivation::Relu6,
        }
    }

    /// Whether the record is of the node's layer, with its activation.
    fn matches(&self) -> Option<()> {
        if self.record.kind != self.node.layer.kind() {
            self.error(format_args!(
                "the file has a `{}` here, so it does not belong to this model",
                self.record.kind.name()
            ));
            return None;
        }
        let (file, declared) = (self.record.activation, self.node.activation);
        if file != declared {
            let name = |a: Activation| match a.dsl_name() {
                None => "no activation".to_owned(),
                Some(name) => format!("`{name}`"),
            };
            self.error(format_args!(
                "the file quantized it with {} fused, but the model declares {}",
                name(file),
                name(declared)
            ));
            return None;
        }
        Some(())
    }

    /// Pools: TFLM computes them in their input's quantization.
    pub(crate) fn pool(&self) -> Option<Int8Node> {
        let (input, output) = (self.input(0)?, self.output());
        if input != output {
            self.error(format_args!(
                "a pool must keep its input's quantization (scale {}, zero point {}), but the file gives scale {} and zero point {}",
                input.scale, input.zero_point, output.scale, output.zero_point
            ));
            return None;
        }
        self.ok(prepare::pool_quant(output, self.fused()))
            .map(Int8Node::Pool)
    }

    /// `pad`: TFLM copies the values and fills with the output's zero
    /// point, so the output must keep the input's quantization.
    pub(crate) fn pad(&self) -> Option<Int8Node> {
        let (input, output) = (self.input(0)?, self.output());
        if input != output {
            self.error(format_args!(
                "`pad` copies int8 values, so it must keep its input's quantization (scale {}, zero point {}), but the file gives scale {} and zero point {}",
                input.scale, input.zero_point, output.scale, output.zero_point
            ));
            return None;
        }
        match i8::try_from(output.zero_point) {
            Ok(fill) => Some(Int8Node::Pad { fill }),
            Err(_) => {
                self.error(format_args!(
                    "the output zero point {} is not an int8 value, so TFLM cannot pad with it",
                    output.zero_point
                ));
                None
            }
        }
    }

    /// `mean` over the plane of an `[h, w, c]` input (or the steps of a
    /// `[steps, c]` one): TFLM's requantizing `MEAN`.
    pub(crate) fn mean(&self) -> Option<Int8Node> {
        let count = match *self.input_shape {
            [h, w, _] => h * w,
            [steps, _] => steps,
            _ => return None,
        };
        self.ok(prepare::mean(self.input(0)?, self.output(), count))
            .map(Int8Node::Mean)
    }

    /// The second operand of an element-wise layer: the second input, or
    /// the record's constant (checked against the declared shape).
    fn operand(&self) -> Option<TensorQuant> {
        if self.inputs.len() > 1 {
            return self.input(1);
        }
        let shape = &self.shape?.weights;
        let params = self.record.params.as_ref()?;
        let dims: Vec<usize> = params.dims.iter().map(|&d| d as usize).collect();
        if dims != *shape || params.scales.len() != 1 {
            self.error(format_args!(
                "the file's constant has shape {} and {} scales, but the model declares a constant {} (one scale)",
                shape_text(&dims),
                params.scales.len(),
                shape_text(shape)
            ));
            return None;
        }
        Some(TensorQuant {
            scale: params.scales[0],
            zero_point: params.zero_point,
        })
    }

    /// `add`, `sub`, `mul`: TFLM's prepare step `prepare` on both operands.
    pub(crate) fn arithmetic<T>(
        &self,
        prepare: fn(
            TensorQuant,
            TensorQuant,
            TensorQuant,
            FusedActivation,
        ) -> Result<T, PrepareError>,
    ) -> Option<T> {
        let (a, b) = (self.input(0)?, self.operand()?);
        self.ok(prepare(a, b, self.output(), self.fused()))
    }

    /// `maximum`, `minimum`: operands in the output's quantization.
    pub(crate) fn compare(&self) -> Option<Int8Node> {
        let operands = [self.input(0)?, self.operand()?];
        self.ok(prepare::same_quant(&operands, self.output()))
            .map(|()| Int8Node::Compare)
    }

    /// `softmax` (beta 1).
    pub(crate) fn softmax(&self) -> Option<Int8Node> {
        self.ok(prepare::softmax(1.0, self.input(0)?, self.output()))
            .map(Int8Node::Softmax)
    }

    /// The element-wise activations: the table that `prepare` (one of
    /// `tinyml_kernels::int8::prepare`'s) computes from the input and
    /// output quantization.
    pub(crate) fn lookup(
        &self,
        prepare: impl Fn(TensorQuant, TensorQuant) -> Result<Table, PrepareError>,
    ) -> Option<Int8Node> {
        self.ok(prepare(self.input(0)?, self.output()))
            .map(|table| Int8Node::Lookup(Box::new(table)))
    }

    /// `lstm`: the record holds Keras' stacked kernels, eight weight scales
    /// (the kernel's gates input, forget, cell, output, then the recurrent
    /// kernel's) and the cell state's scale; the hidden state is quantized
    /// as the output.
    pub(crate) fn lstm(&self, cell_clip: Option<f32>) -> Option<Int8Node> {
        let (input, hidden) = (self.input(0)?, self.output());
        let shape = self.shape?;
        let params = self.record.params.as_ref()?;
        let dims: Vec<usize> = params.dims.iter().map(|&d| d as usize).collect();
        if dims != shape.weights || params.bias.len() != shape.bias {
            self.error(format_args!(
                "the file's weights have shape {} and {} biases, but the model declares {} and {}",
                shape_text(&dims),
                params.bias.len(),
                shape_text(&shape.weights),
                shape.bias
            ));
            return None;
        }
        let &[i, f, c, o, ri, rf, rc, ro, cell] = params.scales.as_slice() else {
            self.error(format_args!(
                "the file has {} scales; an lstm record has 9 (the kernel's four gates, the recurrent kernel's, \
                 the cell state's)",
                params.scales.len()
            ));
            return None;
        };
        let quant = self.ok(prepare::lstm(
            input,
            hidden,
            [i, f, c, o],
            [ri, rf, rc, ro],
            cell,
            cell_clip,
        ))?;
        Some(Int8Node::Lstm {
            quant,
            bias: params.bias.clone(),
        })
    }

    /// Convolutions and dense layers: multipliers, shifts and the folded
    /// bias from the record's weights.
    pub(crate) fn weighted(&self, variant: Weighted) -> Option<Int8Node> {
        let (input, output, fused) = (self.input(0)?, self.output(), self.fused());
        let shape = &self.shape?.weights;
        let params = self.record.params.as_ref()?;
        let dims: Vec<usize> = params.dims.iter().map(|&d| d as usize).collect();
        if dims != *shape {
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
        let depthwise = matches!(variant, Weighted::Depthwise);
        if matches!(variant, Weighted::Transpose) {
            for (b, &raw) in bias.iter_mut().zip(&params.bias) {
                *b = raw;
            }
            self.transpose_overflow_guard(&bias, &params.weights, input.zero_point)?;
        } else {
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
        }
        let multipliers = |channels: usize| -> (Vec<i32>, Vec<i32>) {
            (0..channels)
                .map(|c| prepare::conv_multiplier(input.scale, scale(c), output.scale))
                .unzip()
        };
        if !matches!(variant, Weighted::Dense) {
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

    /// [`Self::overflow_guard`] for a transposed convolution, whose sum of
    /// `(input − zero point) · weight` is not folded.
    fn transpose_overflow_guard(
        &self,
        bias: &[i32],
        weights: &[i8],
        zero_point: i32,
    ) -> Option<()> {
        let row = weights.len() / bias.len().max(1);
        // The largest |x − zero point| of an i8 x.
        let reach = (127 - zero_point).max(zero_point + 128);
        for (channel, &b) in bias.iter().enumerate() {
            let own = &weights[channel * row..(channel + 1) * row];
            let bound = prepare::transpose_accumulator_bound(b, own, zero_point);
            if bound > i64::from(i32::MAX) {
                self.error(format_args!(
                    "output channel {channel} could overflow the int32 accumulator: |bias| + {reach}·Σ|w| = {bound} > {} (TFLM sums (x − zero point)·w unfolded)",
                    i32::MAX
                ));
                return None;
            }
        }
        Some(())
    }
}

fn tensor_quant(quant: Quant) -> TensorQuant {
    TensorQuant {
        scale: quant.scale,
        zero_point: quant.zero_point,
    }
}
