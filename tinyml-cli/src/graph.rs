//! Lowering a TFLite model to the layer graph that `tiny_model!` expresses.
//!
//! Each TFLite operator becomes one layer, plus a separate `relu`/`relu6`
//! node for a fused activation (the macro fuses it back). Shapes drop the
//! batch dimension. Every output shape is computed here from the layer's
//! arguments, exactly as the macro will, and compared with the shape the
//! model declares, so the emitted shape comments are the macro's shapes.
//! Anything the DSL cannot express is an error naming the operator, its
//! index and what is supported.

use std::collections::HashMap;
use std::fmt;

use crate::Error;
use crate::error::bail;
use crate::tflite::{Activation, DType, Model, OpKind, Operator, Options, Padding, Tensor};

/// The operators `tinyml import` supports, for error messages.
pub const SUPPORTED_OPS: &str = "CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, AVERAGE_POOL_2D, \
     MAX_POOL_2D, RESHAPE, SOFTMAX, ADD, RELU, RELU6 (and QUANTIZE/DEQUANTIZE at the model's \
     input/output, DEQUANTIZE of float16 constants)";

/// The message (prefix) for quantized models.
pub const INT8_UNSUPPORTED: &str = "int8 models are not supported yet (issue 4)";

/// Index of a value (an activation tensor) in [`Graph::values`].
pub type ValueId = usize;

/// A float32 model as a graph of `tiny_model!` layers.
#[derive(Debug, Clone)]
pub struct Graph {
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    /// Its shape without the batch dimension.
    pub shape: Vec<usize>,
}

/// One layer.
#[derive(Debug, Clone)]
pub struct Node {
    /// The TFLite operator it comes from (a fused activation shares its
    /// operator's index).
    pub op_index: usize,
    /// What it computes.
    pub layer: Layer,
    /// Its inputs: one, or two for `add`.
    pub inputs: Vec<ValueId>,
    /// Its output.
    pub output: ValueId,
}

/// `(height, width)`.
pub type Hw = (usize, usize);

/// A `tiny_model!` layer with its parameters.
#[derive(Debug, Clone, PartialEq)]
pub enum Layer {
    /// `conv2d(filters, KHxKW, stride, padding)`; weights OHWI.
    Conv2d {
        /// Output channels.
        filters: usize,
        /// Kernel size.
        kernel: Hw,
        /// Strides.
        stride: Hw,
        /// Padding.
        padding: Padding,
        /// `[filters][KH][KW][in]`.
        weights: Vec<f32>,
        /// `[filters]`.
        bias: Vec<f32>,
    },
    /// `depthwise_conv2d(KHxKW, multiplier, stride, padding)`; weights
    /// `[1][KH][KW][in * multiplier]`.
    DepthwiseConv2d {
        /// Kernel size.
        kernel: Hw,
        /// Depth multiplier.
        multiplier: usize,
        /// Strides.
        stride: Hw,
        /// Padding.
        padding: Padding,
        /// `[1][KH][KW][in * multiplier]`.
        weights: Vec<f32>,
        /// `[in * multiplier]`.
        bias: Vec<f32>,
    },
    /// `dense(units)`; weights `[units][in]`, the input flattened.
    Dense {
        /// Output size.
        units: usize,
        /// `[units][in]`.
        weights: Vec<f32>,
        /// `[units]`.
        bias: Vec<f32>,
    },
    /// `max_pool(KHxKW, stride, padding)`.
    MaxPool {
        /// Window.
        kernel: Hw,
        /// Strides.
        stride: Hw,
        /// Padding.
        padding: Padding,
    },
    /// `avg_pool(KHxKW, stride, padding)`.
    AvgPool {
        /// Window.
        kernel: Hw,
        /// Strides.
        stride: Hw,
        /// Padding.
        padding: Padding,
    },
    /// `flatten`: a reshape to rank 1.
    Flatten,
    /// `reshape[d0, d1, …]`.
    Reshape(Vec<usize>),
    /// `relu`.
    Relu,
    /// `relu6`.
    Relu6,
    /// `softmax`.
    Softmax,
    /// `add(a, b)`: elementwise, same shapes.
    Add,
}

impl Layer {
    /// The number of parameters (weights and biases).
    pub fn params(&self) -> usize {
        match self {
            Layer::Conv2d { weights, bias, .. }
            | Layer::DepthwiseConv2d { weights, bias, .. }
            | Layer::Dense { weights, bias, .. } => weights.len() + bias.len(),
            _ => 0,
        }
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

/// Lowers the main subgraph of a float32 model.
pub fn lower(model: &Model<'_>) -> Result<Graph, Error> {
    Lowering::new(model)?.run()
}

struct Lowering<'m, 'a> {
    model: &'m Model<'a>,
    graph: Graph,
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
        check_float(model)?;
        Ok(Lowering {
            model,
            graph: Graph {
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
        if input.dtype != DType::FLOAT32 {
            bail!(
                "the model input `{}` is {}; `tinyml import` needs float32",
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
        let input_value = self.new_value(shape);
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

    fn new_value(&mut self, shape: Vec<usize>) -> ValueId {
        self.graph.values.push(Value { shape });
        self.graph.values.len() - 1
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
    fn push(
        &mut self,
        op: &Operator,
        layer: Layer,
        inputs: Vec<ValueId>,
        shape: Vec<usize>,
        activation: Activation,
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
        let tensor = self.tensor(out_tensor);
        if tensor.dtype != DType::FLOAT32 {
            bail!(
                "{}: its output is {}, expected FLOAT32",
                op_label(op),
                tensor.dtype
            );
        }
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
            Activation::Relu => Some(Layer::Relu),
            Activation::Relu6 => Some(Layer::Relu6),
            other => bail!(
                "{}: fused activation {other} is not supported (supported: NONE, RELU, RELU6)",
                op_label(op)
            ),
        };
        let mut out = self.new_value(shape.clone());
        self.graph.nodes.push(Node {
            op_index: op.index,
            layer,
            inputs,
            output: out,
        });
        if let Some(act) = fused {
            let next = self.new_value(shape);
            self.graph.nodes.push(Node {
                op_index: op.index,
                layer: act,
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
                    Layer::Relu
                } else {
                    Layer::Relu6
                };
                let shape = self.shape_of(x).to_vec();
                self.push(op, layer, vec![x], shape, Activation::None)
            }
            OpKind::Dequantize => self.dequantize(op),
            OpKind::Quantize => bail!(
                "{}: QUANTIZE is only supported at the model output; here it is in the middle of the graph",
                op_label(op)
            ),
            OpKind::Other => bail!(
                "unsupported operator {} at index {}; `tinyml import` supports {SUPPORTED_OPS}",
                op.name,
                op.index
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
        let [h, w, c] = hwc(self.shape_of(x), op)?;
        let ws = self.weight_shape(op, 4)?;
        let (filters, kh, kw, ic) = (ws[0], ws[1], ws[2], ws[3]);
        if ic != c {
            bail!(
                "{}: the filter expects {ic} input channels, the input has {c} (grouped convolution is not supported)",
                op_label(op)
            );
        }
        let weights = self.const_input(op, 1, "filter", None)?;
        let bias = self.bias(op, filters)?;
        let stride = strides(op, o.stride_h, o.stride_w)?;
        let (oh, ow) = out_hw(op, (h, w), (kh, kw), stride, o.padding)?;
        let layer = Layer::Conv2d {
            filters,
            kernel: (kh, kw),
            stride,
            padding: o.padding,
            weights,
            bias,
        };
        self.push(op, layer, vec![x], vec![oh, ow, filters], o.activation)
    }

    fn depthwise(&mut self, op: &Operator) -> Result<(), Error> {
        let Options::DepthwiseConv2d { conv: o, .. } = &op.options else {
            bail!("{}: missing DepthwiseConv2DOptions", op_label(op));
        };
        check_dilation(op, o.dilation_h, o.dilation_w)?;
        let x = self.activation_input(op, 0)?;
        let [h, w, c] = hwc(self.shape_of(x), op)?;
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
        let weights = self.const_input(op, 1, "filter", None)?;
        let bias = self.bias(op, oc)?;
        let stride = strides(op, o.stride_h, o.stride_w)?;
        let (oh, ow) = out_hw(op, (h, w), (kh, kw), stride, o.padding)?;
        let layer = Layer::DepthwiseConv2d {
            kernel: (kh, kw),
            multiplier,
            stride,
            padding: o.padding,
            weights,
            bias,
        };
        self.push(op, layer, vec![x], vec![oh, ow, oc], o.activation)
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
        let weights = self.const_input(op, 1, "weights", None)?;
        let bias = self.bias(op, units)?;
        self.push(
            op,
            Layer::Dense {
                units,
                weights,
                bias,
            },
            vec![x],
            vec![units],
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
        let [h, w, c] = hwc(self.shape_of(x), op)?;
        let kernel = match (usize::try_from(filter_h), usize::try_from(filter_w)) {
            (Ok(kh), Ok(kw)) if kh > 0 && kw > 0 => (kh, kw),
            _ => bail!("{}: invalid window {filter_h}x{filter_w}", op_label(op)),
        };
        let stride = strides(op, stride_h, stride_w)?;
        let (oh, ow) = out_hw(op, (h, w), kernel, stride, padding)?;
        let layer = if op.kind == OpKind::MaxPool2d {
            Layer::MaxPool {
                kernel,
                stride,
                padding,
            }
        } else {
            Layer::AvgPool {
                kernel,
                stride,
                padding,
            }
        };
        self.push(op, layer, vec![x], vec![oh, ow, c], activation)
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
        let layer = if shape.len() == 1 {
            Layer::Flatten
        } else {
            Layer::Reshape(shape.clone())
        };
        self.push(op, layer, vec![x], shape, Activation::None)
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
        self.push(op, Layer::Softmax, vec![x], shape, Activation::None)
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
        let shape = self.shape_of(a).to_vec();
        self.push(op, Layer::Add, vec![a, b], shape, activation)
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

/// Refuses quantized and hybrid models with the int8 message.
fn check_float(model: &Model<'_>) -> Result<(), Error> {
    for op in &model.operators {
        if matches!(op.kind, OpKind::Quantize | OpKind::Dequantize) {
            continue;
        }
        for t in op.inputs.iter().flatten().chain(&op.outputs) {
            let tensor = &model.tensors[*t];
            if !tensor.dtype.is_quantized_int() {
                continue;
            }
            if tensor.is_const() {
                let activations_float = op.inputs.iter().flatten().chain(&op.outputs).any(|&a| {
                    !model.tensors[a].is_const() && model.tensors[a].dtype == DType::FLOAT32
                });
                if activations_float {
                    bail!(
                        "{INT8_UNSUPPORTED}: this is a dynamic-range (hybrid) quantized model: {} has {} weights \
                         (tensor {t}) with FLOAT32 activations. Export a plain float32 model (no converter \
                         optimizations) to import it now",
                        op_label(op),
                        tensor.dtype
                    );
                }
            }
            bail!(
                "{INT8_UNSUPPORTED}: {} works on {} tensor {t} `{}`; `tinyml import` imports float32 models for now",
                op_label(op),
                tensor.dtype,
                tensor.name
            );
        }
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

/// The spatial output size, as TFLite (and the macro) compute it.
fn out_hw(op: &Operator, input: Hw, kernel: Hw, stride: Hw, padding: Padding) -> Result<Hw, Error> {
    let one = |i: usize, k: usize, s: usize| -> Option<usize> {
        match padding {
            Padding::Same => Some(i.div_ceil(s)),
            Padding::Valid => (i >= k).then(|| (i - k) / s + 1),
        }
    };
    match (
        one(input.0, kernel.0, stride.0),
        one(input.1, kernel.1, stride.1),
    ) {
        (Some(h), Some(w)) if h > 0 && w > 0 => Ok((h, w)),
        _ => bail!(
            "{}: a {}x{} window does not fit the {}x{} input",
            op_label(op),
            kernel.0,
            kernel.1,
            input.0,
            input.1
        ),
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
