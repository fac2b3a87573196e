//! The lowering driver: strips edge conversions, records the model input,
//! lowers each operator (see `ops/`) and records its layer with [`Lowering::push`],
//! which checks the output shape and quantization against the model's, then
//! prunes what does not reach the output.

use std::collections::HashMap;

use tinyml_format::Quant;
use tinyml_spec::ops::{relu::Relu, relu6::Relu6};

use super::{
    Element, Graph, Layer, Node, Params, Port, ShapeDisplay, Value, ValueId, element_type,
};
use crate::Error;
use crate::error::bail;
use crate::tflite::{Activation, DType, Model, OpKind, Operator, Tensor};

/// A model being lowered: the graph so far and what the operators need to
/// find their inputs.
pub(super) struct Lowering<'m, 'a> {
    pub(super) model: &'m Model<'a>,
    pub(super) graph: Graph,
    /// How many operators read each TFLite tensor.
    pub(super) readers: Vec<usize>,
    /// TFLite tensor index → value carrying it.
    pub(super) value_of: HashMap<usize, ValueId>,
    /// Constants produced by folding `DEQUANTIZE` of float16 data.
    pub(super) folded: HashMap<usize, Vec<f32>>,
    /// The TFLite tensors that end up as the model outputs, in order.
    pub(super) output_tensors: Vec<usize>,
}

/// `CONV_2D (operator 3)`: how every message names an operator.
pub(super) fn op_label(op: &Operator) -> String {
    format!("{} (operator {})", op.name, op.index)
}

impl<'m, 'a> Lowering<'m, 'a> {
    pub(super) fn new(model: &'m Model<'a>) -> Result<Self, Error> {
        if model.inputs.is_empty() || model.outputs.is_empty() {
            bail!(
                "the model has {} inputs and {} outputs; it needs at least one of each",
                model.inputs.len(),
                model.outputs.len()
            );
        }
        if model.operators.is_empty() {
            bail!("the model has no operators");
        }
        let element = element_type(model)?;
        let mut readers = vec![0usize; model.tensors.len()];
        for op in &model.operators {
            for &t in op.inputs.iter().flatten() {
                readers[t] += 1;
            }
        }
        Ok(Lowering {
            model,
            readers,
            graph: Graph {
                element,
                values: Vec::new(),
                nodes: Vec::new(),
                inputs: Vec::new(),
                outputs: Vec::new(),
                notes: Vec::new(),
            },
            value_of: HashMap::new(),
            folded: HashMap::new(),
            output_tensors: model.outputs.clone(),
        })
    }

    pub(super) fn tensor(&self, index: usize) -> &'m Tensor<'a> {
        &self.model.tensors[index]
    }

    pub(super) fn run(mut self) -> Result<Graph, Error> {
        let model = self.model;
        let mut input_tensors = model.inputs.clone();
        // Edge conversions: a DEQUANTIZE reading a model input and a
        // QUANTIZE writing a model output are stripped; the generated model
        // takes and returns the float values in between.
        let mut skip = vec![false; model.operators.len()];
        for op in &model.operators {
            let (Some(read), [written]) = (op.input(0), op.outputs.as_slice()) else {
                continue;
            };
            let input_at = input_tensors.iter().position(|&t| t == read);
            let output_at = self.output_tensors.iter().position(|t| t == written);
            if self.graph.element == Element::I8 {
                // Float I/O around int8 layers (the converter's default):
                // the generated `predict_f32` quantizes and dequantizes
                // exactly as these operators do.
                if super::classify::is_edge(model, op) {
                    let (edge, tensor) = match (op.kind, input_at, output_at) {
                        (OpKind::Quantize, Some(k), _) => {
                            input_tensors[k] = *written;
                            ("input", *written)
                        }
                        (_, _, Some(k)) => {
                            self.output_tensors[k] = read;
                            ("output", read)
                        }
                        _ => continue,
                    };
                    self.graph.notes.push(format!(
                        "{} at the model {edge} was stripped: `predict` works on int8; `predict_f32` takes and \
                         returns float32 and computes what the whole model computes, {} included (int8 {edge}{})",
                        op_label(op),
                        op.name,
                        quant_note(self.tensor(tensor))
                    ));
                    skip[op.index] = true;
                }
                continue;
            }
            match (op.kind, input_at, output_at) {
                (OpKind::Dequantize, Some(k), _) => {
                    let t = self.tensor(read);
                    self.graph.notes.push(format!(
                        "{} at the model input was stripped: the generated model takes the float32 values it \
                         produced ({} input{})",
                        op_label(op),
                        t.dtype,
                        quant_note(t)
                    ));
                    input_tensors[k] = *written;
                    skip[op.index] = true;
                }
                (OpKind::Quantize, _, Some(k)) => {
                    let t = self.tensor(*written);
                    self.graph.notes.push(format!(
                        "{} at the model output was stripped: the generated model returns the float32 values it \
                         read ({} output{})",
                        op_label(op),
                        t.dtype,
                        quant_note(t)
                    ));
                    self.output_tensors[k] = read;
                    skip[op.index] = true;
                }
                _ => {}
            }
        }

        let mut names = PortNames::default();
        for (k, &tensor) in input_tensors.iter().enumerate() {
            let input = self.tensor(tensor);
            let expected = self.activation_dtype();
            if input.dtype != expected {
                bail!(
                    "the model input `{}` is {}; `tinyml import` needs {expected} here",
                    input.name,
                    input.dtype
                );
            }
            let shape = activation_shape(input, "the model input")?;
            if shape.is_empty() {
                bail!(
                    "the model input `{}` has no dimensions besides the batch",
                    input.name
                );
            }
            self.check_size(&shape, || format!("the model input `{}`", input.name))?;
            let quant =
                self.activation_quant(tensor, || format!("the model input (tensor {tensor})"))?;
            let value = self.new_value(shape, quant);
            let name = names.name(model, model.inputs[k], "input", k);
            self.graph.inputs.push(Port { value, name });
            self.value_of.insert(tensor, value);
        }

        let folded = self.fold_constants()?;
        self.refuse_unsupported(&folded)?;
        for op in &model.operators {
            if !skip[op.index] && !folded[op.index] {
                self.lower_op(op)?;
            }
        }
        let count = folded.iter().filter(|&&f| f).count();
        if count > 0 {
            self.graph.notes.push(format!(
                "{count} operator{} on shapes and constants (an unfixed batch size) were evaluated at import",
                if count == 1 { "" } else { "s" }
            ));
        }

        for (k, &tensor) in self.output_tensors.iter().enumerate() {
            let Some(&value) = self.value_of.get(&tensor) else {
                bail!("no supported operator computes the model output (tensor {tensor})");
            };
            if self.graph.inputs.iter().any(|p| p.value == value) {
                bail!(
                    "the model output (tensor {tensor}) is a model input: there are no layers to import"
                );
            }
            if self.graph.is_output(value) {
                bail!("the model output tensor {tensor} is listed twice");
            }
            let name = names.name(model, model.outputs[k], "output", k);
            self.graph.outputs.push(Port { value, name });
        }
        self.prune();
        super::steps::to_1d(&mut self.graph);
        if self.graph.element == Element::I8 {
            check_weights_file_size(&self.graph)?;
        }
        Ok(self.graph)
    }

    /// Drops nodes whose results never reach the output.
    fn prune(&mut self) {
        let mut needed = vec![false; self.graph.values.len()];
        for port in &self.graph.outputs {
            needed[port.value] = true;
        }
        let mut keep = vec![false; self.graph.nodes.len()];
        for (i, node) in self.graph.nodes.iter().enumerate().rev() {
            if needed[node.output] {
                keep[i] = true;
                for &v in &node.inputs {
                    needed[v] = true;
                }
            }
        }
        let mut dropped: Vec<usize> = Vec::new();
        let mut i = 0;
        self.graph.nodes.retain(|node| {
            let k = keep[i];
            i += 1;
            if !k && dropped.last() != Some(&node.op_index) {
                dropped.push(node.op_index);
            }
            k
        });
        if !dropped.is_empty() {
            self.graph.notes.push(format!(
                "operators {dropped:?} do not contribute to the output and were left out"
            ));
        }
    }

    fn new_value(&mut self, shape: Vec<usize>, quant: Option<Quant>) -> ValueId {
        self.graph.values.push(Value { shape, quant });
        self.graph.values.len() - 1
    }

    /// The activations' element type in the model file.
    fn activation_dtype(&self) -> DType {
        match self.graph.element {
            Element::F32 => DType::FLOAT32,
            Element::I8 => DType::INT8,
        }
    }

    /// In an int8 graph, the quantization of activation tensor `t`, which
    /// must be int8 with one scale and a zero point in -128..=127; `None` in
    /// a float32 graph.
    pub(super) fn activation_quant(
        &self,
        t: usize,
        what: impl FnOnce() -> String,
    ) -> Result<Option<Quant>, Error> {
        if self.graph.element == Element::F32 {
            return Ok(None);
        }
        let tensor = self.tensor(t);
        let problem = match &tensor.quantization {
            _ if tensor.dtype != DType::INT8 => format!("is {}", tensor.dtype),
            None => "has no quantization parameters".to_owned(),
            Some(q) if q.scale.len() != 1 => {
                format!("has {} scales (per-channel)", q.scale.len())
            }
            Some(q) if q.zero_point.len() > 1 => {
                format!("has {} zero points", q.zero_point.len())
            }
            Some(q) if !(q.scale[0].is_finite() && q.scale[0] > 0.0) => {
                format!("has scale {}", q.scale[0])
            }
            Some(q) => {
                let zero_point = q.zero_point.first().copied().unwrap_or(0);
                match i8::try_from(zero_point) {
                    Ok(z) => {
                        return Ok(Some(Quant {
                            scale: q.scale[0],
                            zero_point: i32::from(z),
                        }));
                    }
                    Err(_) => format!("has zero point {zero_point}"),
                }
            }
        };
        bail!(
            "{} `{}` {problem}; int8 activations need INT8 with one scale (finite, positive) and one zero point \
             in -128..=127",
            what(),
            tensor.name
        )
    }

    /// In an int8 graph, the quantization of `op`'s (single) output tensor.
    pub(super) fn output_quant(&self, op: &Operator) -> Result<Option<Quant>, Error> {
        let Some(&t) = op.outputs.first() else {
            bail!("{}: it has no output", op_label(op));
        };
        self.activation_quant(t, || format!("{}: its output (tensor {t})", op_label(op)))
    }

    /// Pools and reshapes compute in their input's quantization: in an int8
    /// graph, `op`'s output must have exactly the quantization of value `x`;
    /// `why` completes the error message.
    pub(super) fn keep_quant(&self, op: &Operator, x: ValueId, why: &str) -> Result<(), Error> {
        let Some(&t) = op.outputs.first() else {
            bail!("{}: it has no output", op_label(op));
        };
        self.keep_quant_in(op, t, x, why)
    }

    /// [`Self::keep_quant`] for output tensor `t` of `op` (one of several).
    pub(super) fn keep_quant_in(
        &self,
        op: &Operator,
        t: usize,
        x: ValueId,
        why: &str,
    ) -> Result<(), Error> {
        let out =
            self.activation_quant(t, || format!("{}: its output (tensor {t})", op_label(op)))?;
        let input = self.graph.values[x].quant;
        if let (Some(out), Some(input)) = (out, input)
            && out != input
        {
            bail!(
                "{}: its output quantization (scale {}, zero point {}) differs from its input's (scale {}, \
                 zero point {}); {why}",
                op_label(op),
                out.scale,
                out.zero_point,
                input.scale,
                input.zero_point,
            );
        }
        Ok(())
    }

    pub(super) fn shape_of(&self, v: ValueId) -> &[usize] {
        &self.graph.values[v].shape
    }

    /// Whether TFLite tensor `t` is a constant: stored data, or folded from
    /// float16 by a DEQUANTIZE.
    pub(super) fn is_constant(&self, t: usize) -> bool {
        self.tensor(t).is_const() || self.folded.contains_key(&t)
    }

    /// The value carrying TFLite input `i` of `op`, which must be an
    /// activation computed earlier (not a constant).
    pub(super) fn activation_input(&self, op: &Operator, i: usize) -> Result<ValueId, Error> {
        let Some(t) = op.input(i) else {
            bail!("{}: input {i} is missing", op_label(op));
        };
        if let Some(&v) = self.value_of.get(&t) {
            return Ok(v);
        }
        let tensor = self.tensor(t);
        if self.is_constant(t) {
            bail!(
                "{}: input {i} (tensor {t} `{}`) is a constant; only activations are supported there",
                op_label(op),
                tensor.name
            );
        }
        bail!(
            "{}: input {i} (tensor {t} `{}`) is not computed by any earlier supported operator",
            op_label(op),
            tensor.name
        )
    }

    /// Refuses a tensor above [`tinyml_spec::MAX_BYTES`], as `tiny_model!`
    /// would (`what` names it).
    fn check_size(&self, shape: &[usize], what: impl FnOnce() -> String) -> Result<(), Error> {
        let Some(elements) = tinyml_spec::shape::elements(shape) else {
            bail!(
                "{}: shape {} has more elements than usize holds",
                what(),
                ShapeDisplay(shape)
            );
        };
        tinyml_spec::shape::check_bytes(what, elements, self.graph.element.bytes())
            .map(|_| ())
            .map_err(|e| Error::new(e.to_string()))
    }

    /// Records `layer` (with `params`) on `inputs`, computing its output
    /// shape from the spec and checking it against the model's.
    pub(super) fn push(
        &mut self,
        op: &Operator,
        layer: Layer,
        params: Option<Params>,
        inputs: Vec<ValueId>,
        activation: Activation,
    ) -> Result<(), Error> {
        self.push_then(op, layer, params, inputs, activation, None)
    }

    /// [`Self::push`], with `then` (a reshape, say) applied after the layer
    /// and its activation to give the operator's output.
    pub(super) fn push_then(
        &mut self,
        op: &Operator,
        layer: Layer,
        params: Option<Params>,
        inputs: Vec<ValueId>,
        activation: Activation,
        then: Option<Layer>,
    ) -> Result<(), Error> {
        let Some(&out_tensor) = op.outputs.first() else {
            bail!("{}: it has no output", op_label(op));
        };
        if op.outputs.len() != 1 {
            bail!(
                "{}: it has {} outputs, expected 1",
                op_label(op),
                op.outputs.len()
            );
        }
        self.push_output(op, out_tensor, layer, params, inputs, activation, then)
    }

    /// [`Self::push_then`] giving the output tensor `out_tensor` of `op`
    /// (one of several: SPLIT's parts).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn push_output(
        &mut self,
        op: &Operator,
        out_tensor: usize,
        layer: Layer,
        params: Option<Params>,
        inputs: Vec<ValueId>,
        activation: Activation,
        then: Option<Layer>,
    ) -> Result<(), Error> {
        let shapes: Vec<&[usize]> = inputs.iter().map(|&v| self.shape_of(v)).collect();
        let shape: Vec<usize> = match layer.output_shape(&shapes) {
            Ok(shape) => shape,
            Err(e) => bail!("{}: {e}", op_label(op)),
        };
        self.check_size(&shape, || format!("{}: its output", op_label(op)))?;
        if let Some(weights) = params.as_ref().map(Params::len) {
            let bytes = self.graph.element.bytes();
            tinyml_spec::shape::check_bytes(
                || format!("{}: its weights and bias", op_label(op)),
                weights,
                bytes,
            )
            .map_err(|e| Error::new(e.to_string()))?;
        }
        let final_shape = match &then {
            Some(then) => match then.output_shape(&[&shape]) {
                Ok(shape) => shape,
                Err(e) => bail!("{}: {e}", op_label(op)),
            },
            None => shape.clone(),
        };
        let tensor = self.tensor(out_tensor);
        let expected = self.activation_dtype();
        if tensor.dtype != expected {
            bail!(
                "{}: its output is {}, expected {expected}",
                op_label(op),
                tensor.dtype
            );
        }
        let quant = self.activation_quant(out_tensor, || {
            format!("{}: its output (tensor {out_tensor})", op_label(op))
        })?;
        let declared = activation_shape(tensor, &format!("the output of {}", op_label(op)))?;
        if declared != final_shape {
            bail!(
                "{}: the layer computes output shape {}, but the model declares {}",
                op_label(op),
                ShapeDisplay(&final_shape),
                ShapeDisplay(&declared)
            );
        }
        let fused = match activation {
            Activation::None => None,
            Activation::Relu => Some(Layer::from(Relu)),
            Activation::Relu6 => Some(Layer::from(Relu6)),
            other => bail!(
                "{}: fused activation {other} is not supported (supported: NONE, RELU, RELU6)",
                op_label(op)
            ),
        };
        let mut out = self.new_value(shape.clone(), quant);
        self.graph.nodes.push(Node {
            op_index: op.index,
            layer,
            params,
            inputs,
            output: out,
        });
        for (layer, shape) in [(fused, shape), (then, final_shape)] {
            if let Some(layer) = layer {
                let next = self.new_value(shape, quant);
                self.graph.nodes.push(Node {
                    op_index: op.index,
                    layer,
                    params: None,
                    inputs: vec![out],
                    output: next,
                });
                out = next;
            }
        }
        if self.value_of.insert(out_tensor, out).is_some() {
            bail!(
                "{}: its output tensor {out_tensor} is written twice",
                op_label(op)
            );
        }
        Ok(())
    }

    pub(super) fn dequantize(&mut self, op: &Operator) -> Result<(), Error> {
        // A float16 model stores its weights as float16 constants followed by
        // DEQUANTIZE: fold those into float32 constants.
        let (Some(t), [out]) = (op.input(0), op.outputs.as_slice()) else {
            bail!("{}: expected one input and one output", op_label(op));
        };
        let tensor = self.tensor(t);
        match tensor.data {
            Some(data) if tensor.dtype == DType::FLOAT16 => {
                if tensor.elements().and_then(|n| n.checked_mul(2)) != Some(data.len()) {
                    bail!(
                        "{}: its float16 constant (tensor {t}) has {} bytes, which does not match its shape",
                        op_label(op),
                        data.len()
                    );
                }
                let values = data
                    .chunks_exact(2)
                    .map(|c| f16_to_f32(u16::from_le_bytes([c[0], c[1]])))
                    .collect();
                self.folded.insert(*out, values);
                Ok(())
            }
            _ => bail!(
                "{}: DEQUANTIZE is only supported at the model input or on float16 constants; here it is in the middle \
                 of the graph",
                op_label(op)
            ),
        }
    }
}

fn quant_note(t: &Tensor<'_>) -> String {
    match &t.quantization {
        Some(q) if q.scale.len() == 1 => {
            format!(
                ", scale {}, zero point {}",
                q.scale[0],
                q.zero_point.first().copied().unwrap_or(0)
            )
        }
        _ => String::new(),
    }
}

/// The most output channels (so scales and bias values) a layer of the
/// weights file may have; `tinyml_format` refuses larger counts.
const MAX_CHANNELS: usize = 1 << 20;

/// Rust identifiers for a model's inputs and outputs: the signature's name
/// (or else the tensor's), lower-cased with anything else than letters,
/// digits and `_` turned into `_`, made unique; `input0`, `output1`, … when
/// nothing usable remains.
#[derive(Default)]
struct PortNames {
    taken: Vec<String>,
}

impl PortNames {
    fn name(&mut self, model: &Model<'_>, tensor: usize, what: &str, index: usize) -> String {
        let raw = model
            .signature_names
            .get(&tensor)
            .cloned()
            .unwrap_or_else(|| model.tensors[tensor].name.clone());
        let raw = raw.strip_prefix("serving_default_").unwrap_or(&raw);
        let raw = raw.split(':').next().unwrap_or(raw);
        let mut name: String = raw
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect();
        name = name.trim_matches('_').to_owned();
        let usable = name.starts_with(|c: char| c.is_ascii_lowercase())
            && not_reserved(&name)
            && !self.taken.contains(&name);
        if !usable {
            name = format!("{what}{index}");
        }
        self.taken.push(name.clone());
        name
    }
}

/// Whether `name` is free to be a parameter or field name: not a Rust
/// keyword, nor a word the DSL reserves.
fn not_reserved(name: &str) -> bool {
    const RESERVED: &[&str] = &[
        "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum",
        "extern", "false", "fn", "for", "if", "impl", "in", "input", "let", "loop", "match", "mod",
        "move", "mut", "observer", "outputs", "pub", "ref", "return", "self", "static", "struct",
        "super", "trait", "true", "type", "unsafe", "use", "weights", "where", "while", "yield",
    ];
    !RESERVED.contains(&name)
}

/// An int8 graph's weights file must stay under the 4 GiB its `u32` length
/// field can describe (a malformed model can reuse one large buffer for
/// many layers); this bounds the encoded size from above.
fn check_weights_file_size(graph: &Graph) -> Result<(), Error> {
    let mut size: u64 = 64;
    for node in &graph.nodes {
        size = size.saturating_add(16);
        if let Some(Params::I8 {
            weights,
            scales,
            bias,
            ..
        }) = &node.params
        {
            if bias.len() > MAX_CHANNELS {
                bail!(
                    "operator {}: {} output channels are more than a weights file holds ({MAX_CHANNELS})",
                    node.op_index,
                    bias.len()
                );
            }
            // rank, dims (at most 4), scale count, zero point, bias count.
            let words = 10 + scales.len() as u64 + bias.len() as u64;
            size = size
                .saturating_add(words.saturating_mul(4))
                .saturating_add(weights.len() as u64 + 3);
        }
    }
    if size > u64::from(u32::MAX) {
        bail!("the model's int8 parameters do not fit a weights file (over 4 GiB)");
    }
    Ok(())
}

/// A tensor's shape without its batch dimension, which must be 1.
pub(super) fn activation_shape(t: &Tensor<'_>, what: &str) -> Result<Vec<usize>, Error> {
    match t.shape.split_first() {
        Some((1, rest)) => Ok(rest.to_vec()),
        Some((&n, _)) if t.shape.len() >= 2 => {
            bail!(
                "{what} (`{}`) has batch size {n}; only batch size 1 is supported",
                t.name
            )
        }
        // A rank-1 tensor without a batch dimension (for example after a
        // RESHAPE to [-1]).
        Some(_) => Ok(t.shape.clone()),
        None => bail!("{what} (`{}`) has no shape", t.name),
    }
}

/// IEEE 754 half → single precision (exact).
fn f16_to_f32(h: u16) -> f32 {
    let sign = u32::from(h >> 15) << 31;
    let exp = u32::from((h >> 10) & 0x1f);
    let mant = u32::from(h & 0x3ff);
    let bits = match (exp, mant) {
        (0, 0) => sign,
        (0, m) => {
            // Subnormal: normalise.
            let shift = m.leading_zeros() - 21;
            let m = (m << shift) & 0x3ff;
            sign | ((127 - 15 + 1 - shift) << 23) | (m << 13)
        }
        (0x1f, m) => sign | 0x7f80_0000 | (m << 13),
        (e, m) => sign | ((e + 127 - 15) << 23) | (m << 13),
    };
    f32::from_bits(bits)
}

#[cfg(test)]
mod tests {
    use super::f16_to_f32;

    #[test]
    fn half_floats() {
        assert_eq!(f16_to_f32(0x3c00), 1.0);
        assert_eq!(f16_to_f32(0xc000), -2.0);
        assert_eq!(f16_to_f32(0x7bff), 65504.0);
        assert_eq!(f16_to_f32(0x0001), 2f32.powi(-24));
        assert_eq!(f16_to_f32(0x03ff), 1023.0 * 2f32.powi(-24));
        assert!(f16_to_f32(0x7c00).is_infinite());
        assert!(f16_to_f32(0x7e00).is_nan());
        assert_eq!(f16_to_f32(0x8000).to_bits(), 0x8000_0000);
    }
}
