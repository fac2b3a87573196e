//! Printing a [`Graph`] as `tiny_model!` source and its weights file:
//! `weights.bin` for a float32 model, `weights.tmw` for an int8 one.
//!
//! A straight chain is one statement. Where the graph branches, a statement
//! ends with `as name` and later statements start from that name or from
//! `add(a, b)`; the last statement is the model output. Statements come in a
//! topological order that keeps chains together. Each line is one TFLite
//! operator (a layer and its fused activation) with its output shape as a
//! trailing comment.
//!
//! `weights.bin` holds, for every layer with parameters in source order, its
//! weights then its bias as little-endian f32, in TFLite's layouts (conv2d
//! OHWI, depthwise `[1][KH][KW][C*M]`, dense `[units][in]`).
//!
//! `weights.tmw` is the versioned format of [`tinyml_format`]: the model's
//! input and output quantization, then one record per layer in source order
//! except `relu`/`relu6` (which set the `activation` of the record before
//! them), `flatten` and `reshape`; each with its output quantization and, for
//! conv2d, depthwise_conv2d and dense, the int8 weights, their scales and
//! the int32 bias.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use tinyml_format::{Activation, Quant, WeightsFile};

use crate::graph::{Element, Graph, Layer, Node, Params, ShapeDisplay, ValueId};

/// The generated files, in memory.
#[derive(Debug, Clone)]
pub struct Emitted {
    /// `mod.rs`.
    pub source: String,
    /// The bytes of the weights file.
    pub weights: Vec<u8>,
    /// Its name, which `mod.rs` includes: `weights.bin` (float32) or
    /// `weights.tmw` (int8).
    pub weights_file: &'static str,
    /// How many layers the source declares (fused activations and `add`s
    /// count as layers).
    pub layers: usize,
    /// The number of parameters (weights and biases).
    pub parameters: usize,
    /// The generated model's `RAM_BYTES`: the macro's plan of the layers
    /// exactly as the source declares them (fused activations included).
    pub ram_bytes: usize,
}

/// One source line before comments are aligned.
struct Line {
    text: String,
    shape: Option<Vec<usize>>,
}

/// One TFLite operator's layers (a layer and its fused activation): one line.
struct Group {
    op_index: usize,
    layers: Vec<String>,
    shape: Vec<usize>,
}

/// Where a statement starts.
enum Head {
    /// `pub Name: f32 = input[…]`.
    Input,
    /// A tensor named by an earlier statement.
    Name(String),
    /// `add(a, b)`, with its fused activation.
    Add(Group),
}

/// `head -> group -> group … [as binding];`
struct Statement {
    head: Head,
    groups: Vec<Group>,
    binding: Option<String>,
}

/// Emits `graph` as the module for type `name`, imported from `file_name`.
pub fn emit(graph: &Graph, file_name: &str, name: &str) -> Emitted {
    let file_name = printable(file_name);
    let mut consumers = vec![0usize; graph.values.len()];
    for node in &graph.nodes {
        for &v in &node.inputs {
            consumers[v] += 1;
        }
    }
    let mut namer = Namer {
        names: vec![None; graph.values.len()],
        branches: 0,
        others: 0,
        consumers,
    };

    let mut statements: Vec<Statement> = Vec::new();
    let mut current = Statement {
        head: Head::Input,
        groups: Vec::new(),
        binding: None,
    };
    let mut tail: ValueId = graph.input;
    let mut weights = Vec::new();
    let mut records = Records {
        layers: Vec::new(),
        of_value: vec![None; graph.values.len()],
    };
    // The graph the macro will build from the source, for its memory plan.
    let mut declared = Declared::new(graph);
    for n in schedule(graph) {
        let node = &graph.nodes[n];
        match graph.element {
            Element::F32 => append_weights(node, &mut weights),
            Element::I8 => records.add(graph, node),
        }
        let shape = graph.values[node.output].shape.clone();
        let input = node
            .inputs
            .first()
            .map_or(&[][..], |&v| graph.values[v].shape.as_slice());
        let layer = node.layer.simplified(input);
        let combines = node.inputs.len() > 1;
        let chained = !combines && node.inputs.as_slice() == [tail] && namer.consumers[tail] == 1;
        declared.add(node, &layer, chained);
        if chained {
            let text = layer_text(&layer, &[]);
            let last = match (current.groups.last_mut(), &mut current.head) {
                (Some(group), _) | (None, Head::Add(group)) => Some(group),
                _ => None,
            };
            match last {
                Some(group) if group.op_index == node.op_index => {
                    group.layers.push(text);
                    group.shape = shape;
                }
                _ => current.groups.push(Group {
                    op_index: node.op_index,
                    layers: vec![text],
                    shape,
                }),
            }
        } else {
            current.binding = Some(namer.name(tail));
            statements.push(current);
            current = if combines {
                let operands: Vec<String> = node.inputs.iter().map(|&v| namer.name(v)).collect();
                let group = Group {
                    op_index: node.op_index,
                    layers: vec![layer_text(&node.layer, &operands)],
                    shape,
                };
                Statement {
                    head: Head::Add(group),
                    groups: Vec::new(),
                    binding: None,
                }
            } else {
                let source = node
                    .inputs
                    .first()
                    .map_or_else(String::new, |&v| namer.name(v));
                let group = Group {
                    op_index: node.op_index,
                    layers: vec![layer_text(&layer, &[])],
                    shape,
                };
                Statement {
                    head: Head::Name(source),
                    groups: vec![group],
                    binding: None,
                }
            };
        }
        tail = node.output;
    }
    statements.push(current);

    let mut lines: Vec<Line> = Vec::new();
    for statement in &statements {
        let mut groups = statement.groups.iter();
        let indent = match &statement.head {
            Head::Input => {
                let input = ShapeDisplay(&graph.values[graph.input].shape);
                lines.push(Line {
                    text: format!(
                        "    pub {name}: {} = input{input}",
                        graph.element.rust_type()
                    ),
                    shape: None,
                });
                8
            }
            Head::Name(source) => {
                let first = groups
                    .next()
                    .map(|g| (g.layers.join(" -> "), g.shape.clone()));
                let (text, shape) = first.unwrap_or_default();
                lines.push(Line {
                    text: format!("    {source} -> {text}"),
                    shape: Some(shape),
                });
                4 + source.len() + 1
            }
            Head::Add(group) => {
                lines.push(Line {
                    text: format!("    {}", group.layers.join(" -> ")),
                    shape: Some(group.shape.clone()),
                });
                4 + group.layers[0].len() + 1
            }
        };
        for group in groups {
            let text = format!("{}-> {}", " ".repeat(indent), group.layers.join(" -> "));
            lines.push(Line {
                text,
                shape: Some(group.shape.clone()),
            });
        }
        if let Some(line) = lines.last_mut() {
            if let Some(binding) = &statement.binding {
                line.text.push_str(" as ");
                line.text.push_str(binding);
            }
            line.text.push(';');
        }
    }

    let mut source = String::new();
    // A plain comment, not `//!`: the file can then be pulled in with
    // `include!` as well as declared with `mod`.
    let _ = writeln!(
        source,
        "// Generated by `tinyml import {file_name} --name {name}` (tinyml {}). Do not edit.",
        env!("CARGO_PKG_VERSION")
    );
    source.push_str("tinyml::tiny_model! {\n");
    let _ = writeln!(source, "    /// Imported from `{file_name}`.");
    if graph.element == Element::I8 {
        let (input, output) = (quant(graph, graph.input), quant(graph, graph.output));
        let _ = writeln!(
            source,
            "    ///\n    /// int8: input scale {}, zero point {}; output scale {}, zero point {}.",
            input.scale, input.zero_point, output.scale, output.zero_point
        );
    }
    for note in &graph.notes {
        let _ = writeln!(source, "    ///\n    /// Note: {}.", printable(note));
    }
    let width = lines
        .iter()
        .filter(|l| l.shape.is_some())
        .map(|l| l.text.len())
        .max()
        .unwrap_or(0);
    for line in &lines {
        match &line.shape {
            Some(shape) => {
                let _ = writeln!(source, "{:<width$}  // {}", line.text, ShapeDisplay(shape));
            }
            None => {
                let _ = writeln!(source, "{}", line.text);
            }
        }
    }
    let weights_file = graph.element.weights_file();
    let _ = writeln!(
        source,
        "    weights = include_bytes!(\"{weights_file}\");\n}}"
    );
    if graph.element == Element::I8 {
        weights = WeightsFile {
            input: quant(graph, graph.input),
            output: quant(graph, graph.output),
            layers: records.layers,
        }
        .encode();
    }

    Emitted {
        source,
        weights,
        weights_file,
        layers: graph.nodes.len(),
        parameters: graph.nodes.iter().map(Node::param_count).sum(),
        ram_bytes: declared.arena_len() * element_bytes(graph),
    }
}

/// The bytes of one element of the generated model.
fn element_bytes(graph: &Graph) -> usize {
    match graph.element {
        Element::F32 => 4,
        Element::I8 => 1,
    }
}

/// The layers as `tiny_model!` will see them in the emitted source: an
/// activation chained right after the layer that produced its input is fused
/// into it, as the macro fuses it.
struct Declared {
    graph: Option<tinyml_spec::Graph<()>>,
    /// The declared tensor of each value.
    tensor_of: Vec<Option<tinyml_spec::TensorId>>,
}

impl Declared {
    fn new(graph: &Graph) -> Self {
        let mut tensor_of = vec![None; graph.values.len()];
        tensor_of[graph.input] = Some(0);
        Declared {
            graph: tinyml_spec::Graph::new(
                graph.values[graph.input].shape.clone(),
                element_bytes(graph),
            )
            .ok(),
            tensor_of,
        }
    }

    fn add(&mut self, node: &Node, layer: &Layer, chained: bool) {
        let Some(graph) = &mut self.graph else { return };
        let inputs: Option<Vec<_>> = node.inputs.iter().map(|&v| self.tensor_of[v]).collect();
        let Some(inputs) = inputs else { return };
        let last = graph.nodes.len().checked_sub(1);
        if let (Some(activation), true, Some(last)) = (layer.kind().activation(), chained, last)
            && graph.nodes[last].output == inputs[0]
            && graph.fuse(last, activation)
        {
            self.tensor_of[node.output] = Some(inputs[0]);
            return;
        }
        self.tensor_of[node.output] = graph.push(layer.clone(), inputs, ()).ok();
    }

    /// The arena's length in elements.
    fn arena_len(&self) -> usize {
        self.graph
            .as_ref()
            .map_or(0, |g| tinyml_spec::plan::plan(g).arena_len)
    }
}

/// A value's quantization in an int8 graph (lowering gives every value one).
fn quant(graph: &Graph, v: ValueId) -> Quant {
    graph.values[v].quant.unwrap_or(Quant {
        scale: 1.0,
        zero_point: 0,
    })
}

/// The `.tmw` records of an int8 graph, built in source order.
struct Records {
    layers: Vec<tinyml_format::Layer>,
    /// The record that computes each value.
    of_value: Vec<Option<usize>>,
}

impl Records {
    fn add(&mut self, graph: &Graph, node: &Node) {
        let input = node
            .inputs
            .first()
            .map_or(&[][..], |&v| graph.values[v].shape.as_slice());
        let kind = node.layer.kind();
        if let Some(activation) = kind.activation() {
            // Lowering makes sure the producer is a record of its own.
            if let Some(record) = node.inputs.first().and_then(|&v| self.of_value[v]) {
                self.layers[record].activation = activation;
            }
            return;
        }
        if kind.record().is_none() {
            return;
        }
        let dim = |d: &usize| u32::try_from(*d).unwrap_or(u32::MAX);
        let params = match (&node.params, node.layer.params(input)) {
            (
                Some(Params::I8 {
                    weights,
                    scales,
                    bias,
                }),
                Some(shape),
            ) => Some(tinyml_format::Params {
                dims: shape.weights.iter().map(dim).collect(),
                scales: scales.clone(),
                weights: weights.clone(),
                bias: bias.clone(),
            }),
            _ => None,
        };
        self.of_value[node.output] = Some(self.layers.len());
        self.layers.push(tinyml_format::Layer {
            kind,
            activation: Activation::None,
            output: quant(graph, node.output),
            params,
        });
    }
}

/// Gives tensors names as statements need them: `x0, x1, …` for values that
/// feed several layers (branch points), `y0, y1, …` for the others.
struct Namer {
    names: Vec<Option<String>>,
    branches: usize,
    others: usize,
    consumers: Vec<usize>,
}

impl Namer {
    fn name(&mut self, v: ValueId) -> String {
        if let Some(name) = &self.names[v] {
            return name.clone();
        }
        let name = if self.consumers[v] >= 2 {
            self.branches += 1;
            format!("x{}", self.branches - 1)
        } else {
            self.others += 1;
            format!("y{}", self.others - 1)
        };
        self.names[v] = Some(name.clone());
        name
    }
}

/// A topological order of the nodes that follows a value into its only
/// consumer whenever it can, so chains stay in one statement; otherwise it
/// keeps TFLite's execution order.
fn schedule(graph: &Graph) -> Vec<usize> {
    let mut consumers: Vec<Vec<usize>> = vec![Vec::new(); graph.values.len()];
    let mut pending = vec![0usize; graph.nodes.len()];
    let mut produced = vec![false; graph.values.len()];
    produced[graph.input] = true;
    for (i, node) in graph.nodes.iter().enumerate() {
        for &v in &node.inputs {
            consumers[v].push(i);
        }
    }
    for (i, node) in graph.nodes.iter().enumerate() {
        pending[i] = node.inputs.iter().filter(|&&v| !produced[v]).count();
    }
    let mut ready: BTreeSet<usize> = (0..graph.nodes.len())
        .filter(|&i| pending[i] == 0)
        .collect();
    let mut order = Vec::with_capacity(graph.nodes.len());
    let mut prefer: Option<usize> = None;
    while let Some(next) = prefer
        .filter(|p| ready.contains(p))
        .or_else(|| ready.first().copied())
    {
        ready.remove(&next);
        order.push(next);
        let out = graph.nodes[next].output;
        produced[out] = true;
        for &c in &consumers[out] {
            pending[c] -= 1;
            if pending[c] == 0 {
                ready.insert(c);
            }
        }
        prefer = match consumers[out].as_slice() {
            [only] => Some(*only),
            _ => None,
        };
    }
    order
}

fn append_weights(node: &Node, out: &mut Vec<u8>) {
    if let Some(Params::F32 { weights, bias }) = &node.params {
        for x in weights.iter().chain(bias) {
            out.extend_from_slice(&x.to_le_bytes());
        }
    }
}

/// The layer as DSL text; `inputs` names the operands of a layer that
/// combines tensors, such as `add(a, b)`.
fn layer_text(layer: &Layer, inputs: &[String]) -> String {
    if inputs.is_empty() {
        layer.dsl()
    } else {
        format!("{}({})", layer.dsl(), inputs.join(", "))
    }
}

/// `s` with control characters (which could end a comment line) replaced.
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}
