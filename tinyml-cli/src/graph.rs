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

use std::collections::HashMap;
use std::fmt;

use tinyml_format::Quant;

use crate::Error;
use crate::error::bail;
use tinyml_spec::ops::{
    Pool, add::Add, avg_pool::AvgPool, conv2d::Conv2d, dense::Dense,
    depthwise_conv2d::DepthwiseConv2d, flatten::Flatten, max_pool::MaxPool, relu::Relu,
    relu6::Relu6, reshape::Reshape, softmax::Softmax,
};

use crate::tflite::{Activation, DType, Model, OpKind, Operator, Options, Tensor};

/// How to convert a model whose activations are float with QUANTIZE and
/// DEQUANTIZE at its edges, for error messages.
pub const INT8_IO_HINT: &str = "convert it with `converter.inference_input_type = tf.int8` and \
     `converter.inference_output_type = tf.int8`";

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
    /// The model input.
    pub input: ValueId,
    /// The model output.
    pub output: ValueId,
    /// Things the user should know about the conversion.
    pub notes: Vec<String>,
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
    /// Its inputs: one, or two for `add`.
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
    /// An int8 model's: `real = scale · q` (zero point 0).
    I8 {
        /// The weights.
        weights: Vec<i8>,
        /// One per output channel, or one for the whole tensor.
        scales: Vec<f32>,
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

struct Lowering<'m, 'a> {
    model: &'m Model<'a>,
    graph: Graph,
    /// How many operators read each TFLite tensor.
    readers: Vec<usize>,
    /// TFLite tensor index → value carrying it.
    value_of: HashMap<usize, ValueId>,
    /// Constants produced by folding `DEQUANTIZE` of float16 data.
    folded: HashMap<usize, Vec<f32>>,
    /// The TFLite tensor that ends up as the model output.
    output_tensor: usize,
}

fn op_label(op: &Operator) -> String {
    format!("{} (operator {})", op.name, op.index)
}

impl<'m, 'a> Lowering<'m, 'a> {
    fn new(model: &'m Model<'a>) -> Result<Self, Error> {
        if model.inputs.len() != 1 || model.outputs.len() != 1 {
            bail!(
                "the model has {} inputs and {} outputs; `tinyml import` supports exactly one of each",
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
                input: 0,
                output: 0,
                notes: Vec::new(),
            },
            value_of: HashMap::new(),
            folded: HashMap::new(),
            output_tensor: model.outputs[0],
        })
    }

    fn tensor(&self, index: usize) -> &'m Tensor<'a> {
        &self.model.tensors[index]
    }

    fn run(mut self) -> Result<Graph, Error> {
        let model = self.model;
        let mut input_tensor = model.inputs[0];
        // Edge conversions: a DEQUANTIZE reading the model input and a
        // QUANTIZE writing the model output are stripped; the generated model
        // takes and returns the float values in between.
        let mut skip = vec![false; model.operators.len()];
        for op in &model.operators {
            if self.graph.element == Element::I8 {
                // `element_type` made sure that the model's input and output
                // are int8: there is nothing to strip.
                break;
            }
            match op.kind {
                OpKind::Dequantize
                    if op.input(0) == Some(input_tensor) && op.outputs.len() == 1 =>
                {
                    let t = self.tensor(input_tensor);
                    self.graph.notes.push(format!(
                        "{} at the model input was stripped: the generated model takes the float32 values it \
                         produced ({} input{})",
                        op_label(op),
                        t.dtype,
                        quant_note(t)
                    ));
                    input_tensor = op.outputs[0];
                    skip[op.index] = true;
                }
                OpKind::Quantize if op.outputs == [self.output_tensor] && op.input(0).is_some() => {
                    let t = self.tensor(self.output_tensor);
                    self.graph.notes.push(format!(
                        "{} at the model output was stripped: the generated model returns the float32 values it \
                         read ({} output{})",
                        op_label(op),
                        t.dtype,
                        quant_note(t)
                    ));
                    self.output_tensor = op.input(0).unwrap_or(self.output_tensor);
                    skip[op.index] = true;
                }
                _ => {}
            }
        }

        let input = self.tensor(input_tensor);
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
        let quant = self.activation_quant(input_tensor, || {
            format!("the model input (tensor {input_tensor})")
        })?;
        let input_value = self.new_value(shape, quant);
        self.graph.input = input_value;
        self.value_of.insert(input_tensor, input_value);

        for op in &model.operators {
            if !skip[op.index] {
                self.lower_op(op)?;
            }
        }

        let Some(&output) = self.value_of.get(&self.output_tensor) else {
            bail!(
                "no supported operator computes the model output (tensor {})",
                self.output_tensor
            );
        };
        if output == self.graph.input {
            bail!("the model output is its input: there are no layers to import");
        }
        self.graph.output = output;
        self.prune();
        if self.graph.element == Element::I8 {
            check_weights_file_size(&self.graph)?;
        }
        Ok(self.graph)
    }

    /// Drops nodes whose results never reach the output.
    fn prune(&mut self) {
        let mut needed = vec![false; self.graph.values.len()];
        needed[self.graph.output] = true;
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
    fn activation_quant(
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
    fn output_quant(&self, op: &Operator) -> Result<Option<Quant>, Error> {
        let Some(&t) = op.outputs.first() else {
            bail!("{}: it has no output", op_label(op));
        };
        self.activation_quant(t, || format!("{}: its output (tensor {t})", op_label(op)))
    }

    /// Pools and reshapes compute in their input's quantization: in an int8
    /// graph, `op`'s output must have exactly the quantization of value `x`;
    /// `why` completes the error message.
    fn keep_quant(&self, op: &Operator, x: ValueId, why: &str) -> Result<(), Error> {
        let out = self.output_quant(op)?;
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

    fn shape_of(&self, v: ValueId) -> &[usize] {
        &self.graph.values[v].shape
    }

    /// The value carrying TFLite input `i` of `op`, which must be an
    /// activation computed earlier (not a constant).
    fn activation_input(&self, op: &Operator, i: usize) -> Result<ValueId, Error> {
        let Some(t) = op.input(i) else {
            bail!("{}: input {i} is missing", op_label(op));
        };
        if let Some(&v) = self.value_of.get(&t) {
            return Ok(v);
        }
        let tensor = self.tensor(t);
        if tensor.is_const() || self.folded.contains_key(&t) {
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

    /// A float32 constant input of `op` with exactly `shape`.
    fn const_input(
        &self,
        op: &Operator,
        i: usize,
        what: &str,
        shape: Option<&[usize]>,
    ) -> Result<Vec<f32>, Error> {
        let Some(t) = op.input(i) else {
            bail!("{}: the {what} (input {i}) is missing", op_label(op));
        };
        let tensor = self.tensor(t);
        if let Some(shape) = shape
            && tensor.shape != shape
        {
            bail!(
                "{}: the {what} (tensor {t}) has shape {}, expected {}",
                op_label(op),
                ShapeDisplay(&tensor.shape),
                ShapeDisplay(shape)
            );
        }
        if let Some(values) = self.folded.get(&t) {
            return Ok(values.clone());
        }
        let Some(data) = tensor.data else {
            bail!(
                "{}: the {what} (tensor {t} `{}`) is not a constant; only constant weights are supported",
                op_label(op),
                tensor.name
            );
        };
        if tensor.dtype != DType::FLOAT32 {
            bail!(
                "{}: the {what} (tensor {t}) is {}, expected FLOAT32",
                op_label(op),
                tensor.dtype
            );
        }
        let expected = tensor.elements().and_then(|n| n.checked_mul(4));
        if expected != Some(data.len()) {
            bail!(
                "{}: the {what} (tensor {t}) has {} bytes of data, but its shape {} needs {}",
                op_label(op),
                data.len(),
                ShapeDisplay(&tensor.shape),
                expected.map_or_else(
                    || "more than can be addressed".to_owned(),
                    |n| n.to_string()
                )
            );
        }
        Ok(data
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }

    /// The bias of a conv/dense op: its constant, or zeros when absent.
    fn bias(&self, op: &Operator, len: usize) -> Result<Vec<f32>, Error> {
        if op.input(2).is_none() {
            return Ok(vec![0.0; len]);
        }
        self.const_input(op, 2, "bias", Some(&[len]))
    }

    /// Records `shape` as the output of the layer `layer` on `inputs`,
    /// checking it against the shape the model declares for `op`'s output.
    /// Records `layer` (with `params`) on `inputs`, computing its output
    /// shape from the spec and checking it against the model's.
    fn push(
        &mut self,
        op: &Operator,
        layer: Layer,
        params: Option<Params>,
        inputs: Vec<ValueId>,
        activation: Activation,
    ) -> Result<(), Error> {
        let shapes: Vec<&[usize]> = inputs.iter().map(|&v| self.shape_of(v)).collect();
        let shape: Vec<usize> = match layer.output_shape(&shapes) {
            Ok(shape) => shape,
            Err(e) => bail!("{}: {e}", op_label(op)),
        };
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
        let tensor = self.tensor(out_tensor);
        let expected = self.activation_dtype();
        if tensor.dtype != expected {
            bail!(
                "{}: its output is {}, expected {expected}",
                op_label(op),
                tensor.dtype
            );
        }
        let quant = self.output_quant(op)?;
        let declared = activation_shape(tensor, &format!("the output of {}", op_label(op)))?;
        if declared != shape {
            bail!(
                "{}: the layer computes output shape {}, but the model declares {}",
                op_label(op),
                ShapeDisplay(&shape),
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
        if let Some(act) = fused {
            let next = self.new_value(shape, quant);
            self.graph.nodes.push(Node {
                op_index: op.index,
                layer: act,
                params: None,
                inputs: vec![out],
                output: next,
            });
            out = next;
        }
        if self.value_of.insert(out_tensor, out).is_some() {
            bail!(
                "{}: its output tensor {out_tensor} is written twice",
                op_label(op)
            );
        }
        Ok(())
    }

    fn lower_op(&mut self, op: &Operator) -> Result<(), Error> {
        match op.kind {
            OpKind::Conv2d => self.conv2d(op),
            OpKind::DepthwiseConv2d => self.depthwise(op),
            OpKind::FullyConnected => self.dense(op),
            OpKind::AveragePool2d | OpKind::MaxPool2d => self.pool(op),
            OpKind::Reshape => self.reshape(op),
            OpKind::Softmax => self.softmax(op),
            OpKind::Add => self.add(op),
            OpKind::Relu | OpKind::Relu6 => {
                let x = self.activation_input(op, 0)?;
                let layer = if op.kind == OpKind::Relu {
                    Layer::from(Relu)
                } else {
                    Layer::from(Relu6)
                };
                if self.graph.element == Element::I8 {
                    self.check_int8_relu(op, x)?;
                }
                self.push(op, layer, None, vec![x], Activation::None)
            }
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
            OpKind::Other | OpKind::Mean => bail!(
                "unsupported operator {} at index {}; `tinyml import` supports {}",
                op.name,
                op.index,
                crate::mapping::supported_ops()
            ),
        }
    }

    fn dequantize(&mut self, op: &Operator) -> Result<(), Error> {
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

    fn conv2d(&mut self, op: &Operator) -> Result<(), Error> {
        let Options::Conv2d(o) = &op.options else {
            bail!("{}: missing Conv2DOptions", op_label(op));
        };
        check_dilation(op, o.dilation_h, o.dilation_w)?;
        let x = self.activation_input(op, 0)?;
        let [_, _, c] = hwc(self.shape_of(x), op)?;
        let ws = self.weight_shape(op, 4)?;
        let (filters, kh, kw, ic) = (ws[0], ws[1], ws[2], ws[3]);
        if ic != c {
            bail!(
                "{}: the filter expects {ic} input channels, the input has {c} (grouped convolution is not supported)",
                op_label(op)
            );
        }
        let params = self.params(op, "filter", filters, 0)?;
        let layer = Layer::from(Conv2d {
            filters,
            kernel: (kh, kw),
            stride: strides(op, o.stride_h, o.stride_w)?,
            padding: o.padding,
        });
        self.push(op, layer, Some(params), vec![x], o.activation)
    }

    fn depthwise(&mut self, op: &Operator) -> Result<(), Error> {
        let Options::DepthwiseConv2d { conv: o, .. } = &op.options else {
            bail!("{}: missing DepthwiseConv2DOptions", op_label(op));
        };
        check_dilation(op, o.dilation_h, o.dilation_w)?;
        let x = self.activation_input(op, 0)?;
        let [_, _, c] = hwc(self.shape_of(x), op)?;
        let ws = self.weight_shape(op, 4)?;
        let (one, kh, kw, oc) = (ws[0], ws[1], ws[2], ws[3]);
        if one != 1 || c == 0 || oc % c != 0 {
            bail!(
                "{}: filter shape {} does not fit {c} input channels (expected [1, KH, KW, {c} * multiplier])",
                op_label(op),
                ShapeDisplay(&ws)
            );
        }
        // TFLite derives the multiplier from the shapes; the option field is
        // unreliable in older files.
        let multiplier = oc / c;
        let params = self.params(op, "filter", oc, 3)?;
        let layer = Layer::from(DepthwiseConv2d {
            kernel: (kh, kw),
            multiplier,
            stride: strides(op, o.stride_h, o.stride_w)?,
            padding: o.padding,
        });
        self.push(op, layer, Some(params), vec![x], o.activation)
    }

    fn dense(&mut self, op: &Operator) -> Result<(), Error> {
        let Options::FullyConnected {
            activation,
            default_weights_format,
            keep_num_dims,
        } = op.options
        else {
            bail!("{}: missing FullyConnectedOptions", op_label(op));
        };
        if !default_weights_format {
            bail!(
                "{}: shuffled weight formats are not supported (only DEFAULT)",
                op_label(op)
            );
        }
        let x = self.activation_input(op, 0)?;
        let ws = self.weight_shape(op, 2)?;
        let (units, inputs) = (ws[0], ws[1]);
        let in_elems = elements(self.shape_of(x));
        if in_elems != Some(inputs) {
            bail!(
                "{}: the weights expect {inputs} inputs, but the input {} has {} elements",
                op_label(op),
                ShapeDisplay(self.shape_of(x)),
                in_elems.map_or_else(|| "too many".to_owned(), |n| n.to_string())
            );
        }
        if keep_num_dims && self.shape_of(x).len() > 1 {
            bail!(
                "{}: keep_num_dims on a rank-{} input is not supported",
                op_label(op),
                self.shape_of(x).len() + 1
            );
        }
        let params = self.params(op, "weights", units, 0)?;
        self.push(
            op,
            Layer::from(Dense { units }),
            Some(params),
            vec![x],
            activation,
        )
    }

    fn pool(&mut self, op: &Operator) -> Result<(), Error> {
        let Options::Pool {
            padding,
            stride_h,
            stride_w,
            filter_h,
            filter_w,
            activation,
        } = op.options
        else {
            bail!("{}: missing Pool2DOptions", op_label(op));
        };
        let x = self.activation_input(op, 0)?;
        hwc(self.shape_of(x), op)?;
        let kernel = match (usize::try_from(filter_h), usize::try_from(filter_w)) {
            (Ok(kh), Ok(kw)) if kh > 0 && kw > 0 => (kh, kw),
            _ => bail!("{}: invalid window {filter_h}x{filter_w}", op_label(op)),
        };
        let pool = Pool {
            kernel,
            stride: strides(op, stride_h, stride_w)?,
            padding,
        };
        self.keep_quant(op, x, KEEPS_QUANT)?;
        let layer = if op.kind == OpKind::MaxPool2d {
            Layer::from(MaxPool(pool))
        } else {
            Layer::from(AvgPool(pool))
        };
        self.push(op, layer, None, vec![x], activation)
    }

    fn reshape(&mut self, op: &Operator) -> Result<(), Error> {
        let x = self.activation_input(op, 0)?;
        let Some(&out) = op.outputs.first() else {
            bail!("{}: it has no output", op_label(op));
        };
        let shape = activation_shape(self.tensor(out), &format!("the output of {}", op_label(op)))?;
        if shape.is_empty() || elements(&shape) != elements(self.shape_of(x)) {
            bail!(
                "{}: cannot reshape {} to {}",
                op_label(op),
                ShapeDisplay(self.shape_of(x)),
                ShapeDisplay(&shape)
            );
        }
        self.keep_quant(op, x, KEEPS_QUANT)?;
        let layer = if shape.len() == 1 {
            Layer::from(Flatten)
        } else {
            Layer::from(Reshape { shape })
        };
        self.push(op, layer, None, vec![x], Activation::None)
    }

    fn softmax(&mut self, op: &Operator) -> Result<(), Error> {
        let Options::Softmax { beta } = op.options else {
            bail!("{}: missing SoftmaxOptions", op_label(op));
        };
        if beta != 1.0 {
            bail!(
                "{}: beta = {beta} is not supported (only beta = 1)",
                op_label(op)
            );
        }
        let x = self.activation_input(op, 0)?;
        let shape = self.shape_of(x).to_vec();
        if shape.iter().rev().skip(1).any(|&d| d != 1) {
            bail!(
                "{}: softmax over a tensor of shape {} is not supported (only over a vector)",
                op_label(op),
                ShapeDisplay(&shape)
            );
        }
        if let Some(out) = self.output_quant(op)?
            && out != SOFTMAX_OUTPUT
        {
            bail!(
                "{}: its output has scale {} and zero point {}; an int8 SOFTMAX must output scale 1/256 \
                 (0.00390625) and zero point -128, as TFLite Micro requires",
                op_label(op),
                out.scale,
                out.zero_point
            );
        }
        self.push(op, Layer::from(Softmax), None, vec![x], Activation::None)
    }

    fn add(&mut self, op: &Operator) -> Result<(), Error> {
        let Options::Add { activation } = op.options else {
            bail!("{}: missing AddOptions", op_label(op));
        };
        if op.inputs.len() != 2 {
            bail!(
                "{}: expected 2 inputs, found {}",
                op_label(op),
                op.inputs.len()
            );
        }
        let a = self.activation_input(op, 0)?;
        let b = self.activation_input(op, 1)?;
        if self.shape_of(a) != self.shape_of(b) {
            bail!(
                "{}: adding {} and {} needs broadcasting, which is not supported (only equal shapes)",
                op_label(op),
                ShapeDisplay(self.shape_of(a)),
                ShapeDisplay(self.shape_of(b))
            );
        }
        self.push(op, Layer::from(Add), None, vec![a, b], activation)
    }

    /// The weights (input 1) and bias (input 2) of a conv/dense op with
    /// `channels` output channels along dimension `axis` of the weights.
    fn params(
        &self,
        op: &Operator,
        what: &str,
        channels: usize,
        axis: usize,
    ) -> Result<Params, Error> {
        Ok(match self.graph.element {
            Element::F32 => Params::F32 {
                weights: self.const_input(op, 1, what, None)?,
                bias: self.bias(op, channels)?,
            },
            Element::I8 => {
                let (weights, scales) = self.int8_weights(op, what, channels, axis)?;
                Params::I8 {
                    weights,
                    scales,
                    bias: self.int32_bias(op, channels)?,
                }
            }
        })
    }

    /// The int8 weights (input 1) and their scales: zero point 0, one scale
    /// for the tensor or one per output channel along `axis`.
    fn int8_weights(
        &self,
        op: &Operator,
        what: &str,
        channels: usize,
        axis: usize,
    ) -> Result<(Vec<i8>, Vec<f32>), Error> {
        let Some(t) = op.input(1) else {
            bail!("{}: the {what} (input 1) is missing", op_label(op));
        };
        let tensor = self.tensor(t);
        let Some(data) = tensor.data else {
            bail!(
                "{}: the {what} (tensor {t} `{}`) is not a constant; only constant weights are supported",
                op_label(op),
                tensor.name
            );
        };
        if tensor.dtype != DType::INT8 {
            bail!(
                "{}: the {what} (tensor {t}) is {}; an int8 model needs INT8 weights",
                op_label(op),
                tensor.dtype
            );
        }
        if tensor.elements() != Some(data.len()) {
            bail!(
                "{}: the {what} (tensor {t}) has {} bytes of data, but its shape {} needs {}",
                op_label(op),
                data.len(),
                ShapeDisplay(&tensor.shape),
                tensor.elements().map_or_else(
                    || "more than can be addressed".to_owned(),
                    |n| n.to_string()
                )
            );
        }
        let Some(q) = &tensor.quantization else {
            bail!(
                "{}: the {what} (tensor {t}) has no quantization parameters",
                op_label(op)
            );
        };
        let per_channel = q.scale.len() == channels && channels > 1;
        if q.scale.len() != 1 && !per_channel {
            bail!(
                "{}: the {what} (tensor {t}) has {} scales; expected 1 (per-tensor) or {channels} (per-channel, \
                 one per output channel)",
                op_label(op),
                q.scale.len()
            );
        }
        if per_channel && usize::try_from(q.axis) != Ok(axis) {
            bail!(
                "{}: the {what} (tensor {t}) is quantized per channel along dimension {}; expected dimension {axis} \
                 (the output channels)",
                op_label(op),
                q.axis
            );
        }
        if !q.zero_point.is_empty() && q.zero_point.len() != q.scale.len() {
            bail!(
                "{}: the {what} (tensor {t}) has {} scales but {} zero points",
                op_label(op),
                q.scale.len(),
                q.zero_point.len()
            );
        }
        if let Some((i, z)) = q.zero_point.iter().enumerate().find(|(_, z)| **z != 0) {
            bail!(
                "{}: the {what} (tensor {t}) has zero point {z} (index {i}); int8 weights must be symmetric \
                 (every zero point 0)",
                op_label(op)
            );
        }
        if let Some((i, s)) = q
            .scale
            .iter()
            .enumerate()
            .find(|(_, s)| !(s.is_finite() && **s > 0.0))
        {
            bail!(
                "{}: the {what} (tensor {t}) has scale {s} (index {i}); scales must be finite and positive",
                op_label(op)
            );
        }
        let weights = data.iter().map(|&b| i8::from_le_bytes([b])).collect();
        Ok((weights, q.scale.clone()))
    }

    /// The int32 bias (input 2) of an int8 conv/dense op, or zeros.
    fn int32_bias(&self, op: &Operator, len: usize) -> Result<Vec<i32>, Error> {
        let Some(t) = op.input(2) else {
            return Ok(vec![0; len]);
        };
        let tensor = self.tensor(t);
        if tensor.shape != [len] {
            bail!(
                "{}: the bias (tensor {t}) has shape {}, expected {}",
                op_label(op),
                ShapeDisplay(&tensor.shape),
                ShapeDisplay(&[len])
            );
        }
        let Some(data) = tensor.data else {
            bail!(
                "{}: the bias (tensor {t} `{}`) is not a constant; only constant biases are supported",
                op_label(op),
                tensor.name
            );
        };
        if tensor.dtype != DType::INT32 {
            bail!(
                "{}: the bias (tensor {t}) is {}; an int8 model needs an INT32 bias",
                op_label(op),
                tensor.dtype
            );
        }
        if Some(data.len()) != len.checked_mul(4) {
            bail!(
                "{}: the bias (tensor {t}) has {} bytes of data, but its shape {} needs {}",
                op_label(op),
                data.len(),
                ShapeDisplay(&tensor.shape),
                len.saturating_mul(4)
            );
        }
        Ok(data
            .chunks_exact(4)
            .map(|c| i32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }

    /// A standalone RELU/RELU6 in an int8 model becomes the fused activation
    /// of the layer before it, so it must follow such a layer directly, be
    /// its only reader and keep its quantization.
    fn check_int8_relu(&self, op: &Operator, x: ValueId) -> Result<(), Error> {
        let producer = self.graph.nodes.iter().rev().find(|n| n.output == x);
        let fusable = producer.is_some_and(|n| n.layer.kind().fuses_activation());
        let single_reader = op
            .input(0)
            .is_some_and(|t| self.readers[t] == 1 && t != self.output_tensor);
        if !fusable || !single_reader {
            bail!(
                "{}: a standalone {} in an int8 model must directly follow a conv2d, depthwise_conv2d, dense, pool \
                 or add layer without a fused activation, and be the only reader of its output",
                op_label(op),
                op.name
            );
        }
        self.keep_quant(
            op,
            x,
            "it becomes the fused activation of the layer before it, so it must keep that layer's quantization",
        )
    }

    /// The shape of the filter/weights (input 1), which must have `rank` dims.
    fn weight_shape(&self, op: &Operator, rank: usize) -> Result<Vec<usize>, Error> {
        let Some(t) = op.input(1) else {
            bail!("{}: the weights (input 1) are missing", op_label(op));
        };
        let shape = &self.tensor(t).shape;
        if shape.len() != rank || shape.contains(&0) {
            bail!(
                "{}: the weights have shape {}, expected {rank} non-zero dimensions",
                op_label(op),
                ShapeDisplay(shape)
            );
        }
        Ok(shape.clone())
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

/// Why an int8 pool or reshape must keep its input's quantization.
const KEEPS_QUANT: &str =
    "TFLite requires int8 pools and reshapes to keep their input's quantization";

/// The quantization TFLite Micro requires of an int8 SOFTMAX's output.
pub const SOFTMAX_OUTPUT: Quant = Quant {
    scale: 1.0 / 256.0,
    zero_point: -128,
};

/// Decides whether `model` is a float32 or a full-integer int8 model from
/// the activations of its computing operators (all but QUANTIZE and
/// DEQUANTIZE), and refuses every other kind (uint8, int16 activations,
/// hybrid, mixed, float I/O around int8) with what to do instead.
pub fn element_type(model: &Model<'_>) -> Result<Element, Error> {
    let mut float: Option<(&Operator, usize)> = None;
    let mut int8: Option<(&Operator, usize)> = None;
    for op in &model.operators {
        if matches!(op.kind, OpKind::Quantize | OpKind::Dequantize) {
            continue;
        }
        for &t in op.inputs.iter().flatten().chain(&op.outputs) {
            let tensor = &model.tensors[t];
            if tensor.is_const() {
                continue;
            }
            if tensor.dtype == DType::FLOAT32 {
                float.get_or_insert((op, t));
            } else if tensor.dtype == DType::INT8 {
                int8.get_or_insert((op, t));
            } else if tensor.dtype == DType::UINT8 {
                bail!(
                    "{} works on UINT8 tensor {t} `{}`: uint8 (legacy asymmetric) quantized models are not supported; \
                     `tinyml import` reads float32 and full-integer int8 models (quantize with a representative \
                     dataset and `inference_input_type = tf.int8`)",
                    op_label(op),
                    tensor.name
                );
            } else if tensor.dtype == DType::INT16 {
                bail!(
                    "{} works on INT16 tensor {t} `{}`: int16 activations (16x8 quantization) are not supported; \
                     `tinyml import` reads float32 and full-integer int8 models",
                    op_label(op),
                    tensor.name
                );
            }
        }
    }
    match (float, int8) {
        (Some((fop, ft)), Some((iop, it))) => bail!(
            "the model mixes FLOAT32 and INT8 activations ({} works on FLOAT32 tensor {ft}, {} on INT8 tensor \
             {it}); `tinyml import` reads models that are float32 throughout or int8 throughout",
            op_label(fop),
            op_label(iop)
        ),
        (None, Some(_)) => {
            for (what, list, edge) in [
                ("input", &model.inputs, OpKind::Quantize),
                ("output", &model.outputs, OpKind::Dequantize),
            ] {
                for &t in list {
                    let tensor = &model.tensors[t];
                    if tensor.dtype == DType::INT8 {
                        continue;
                    }
                    let converter = model
                        .operators
                        .iter()
                        .find(|op| {
                            op.kind == edge && (op.input(0) == Some(t) || op.outputs.contains(&t))
                        })
                        .map(|op| format!(" (converted by {} inside the model)", op_label(op)))
                        .unwrap_or_default();
                    bail!(
                        "the model's {what} `{}` is {}{converter}, but its layers are int8: `tinyml import` needs \
                         an int8 model's inputs and outputs to be int8; {INT8_IO_HINT}",
                        tensor.name,
                        tensor.dtype
                    );
                }
            }
            Ok(Element::I8)
        }
        _ => {
            for op in &model.operators {
                if matches!(op.kind, OpKind::Quantize | OpKind::Dequantize) {
                    continue;
                }
                let weights = op.inputs.iter().flatten().find(|&&t| {
                    model.tensors[t].is_const() && model.tensors[t].dtype.is_quantized_int()
                });
                if let (Some(&t), Some(_)) = (weights, float) {
                    bail!(
                        "this is a dynamic-range (hybrid) quantized model: {} has {} weights (tensor {t}) with \
                         FLOAT32 activations, which `tinyml import` (like TFLite Micro) does not support. Import \
                         the plain float32 model (no converter optimizations) or a full-integer int8 one (a \
                         representative dataset and `inference_input_type = tf.int8`)",
                        op_label(op),
                        model.tensors[t].dtype
                    );
                }
            }
            Ok(Element::F32)
        }
    }
}

/// The most output channels (so scales and bias values) a layer of the
/// weights file may have; `tinyml_format` refuses larger counts.
const MAX_CHANNELS: usize = 1 << 20;

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
        }) = &node.params
        {
            if bias.len() > MAX_CHANNELS {
                bail!(
                    "operator {}: {} output channels are more than a weights file holds ({MAX_CHANNELS})",
                    node.op_index,
                    bias.len()
                );
            }
            let words = 8 + scales.len() as u64 + bias.len() as u64;
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
fn activation_shape(t: &Tensor<'_>, what: &str) -> Result<Vec<usize>, Error> {
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

fn elements(shape: &[usize]) -> Option<usize> {
    shape.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d))
}

fn hwc(shape: &[usize], op: &Operator) -> Result<[usize; 3], Error> {
    match *shape {
        [h, w, c] => Ok([h, w, c]),
        _ => bail!(
            "{}: expected an input of shape [height, width, channels] (after the batch), found {}",
            op_label(op),
            ShapeDisplay(shape)
        ),
    }
}

fn check_dilation(op: &Operator, dh: i32, dw: i32) -> Result<(), Error> {
    if dh != 1 || dw != 1 {
        bail!(
            "{}: dilation {dh}x{dw} is not supported (only 1)",
            op_label(op)
        );
    }
    Ok(())
}

fn strides(op: &Operator, sh: i32, sw: i32) -> Result<Hw, Error> {
    match (usize::try_from(sh), usize::try_from(sw)) {
        (Ok(h), Ok(w)) if h > 0 && w > 0 => Ok((h, w)),
        _ => bail!("{}: invalid stride {sh}x{sw}", op_label(op)),
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
