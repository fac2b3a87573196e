//! Turns the syntax tree into a checked [`ir::Model`], reporting every
//! mistake into the [`Ctxt`] on the token that caused it.

mod args;
mod elem;
mod int8;
mod layers;
mod suggest;
mod weights;

use std::collections::HashMap;

use syn::Ident;

use crate::ast::{Body, LayerCall, ModelDef, Source, Statement};
use crate::ctxt::Ctxt;
use crate::ir::{self, Activation, Elem, Node, Op, Tensor, TensorId};
pub(crate) use layers::shape_text;

/// What the checks learnt, even when they failed: enough for a stub.
pub(crate) struct Checked {
    pub(crate) model: Option<ir::Model>,
    pub(crate) elem: Option<Elem>,
    pub(crate) input_shape: Option<Vec<usize>>,
    pub(crate) output_shape: Option<Vec<usize>>,
}

pub(crate) fn check(def: &ModelDef, cx: &Ctxt) -> Checked {
    let elem = elem::resolve(&def.elem, cx);
    let mut checked = Checked {
        model: None,
        elem,
        input_shape: None,
        output_shape: None,
    };
    let body = match &def.body {
        Ok(body) => body,
        Err(error) => {
            cx.syn_error(error.clone());
            return checked;
        }
    };
    let mut graph = Graph {
        cx,
        tensors: Vec::new(),
        nodes: Vec::new(),
        names: HashMap::new(),
        params: Vec::new(),
    };
    let output = graph.statements(body);
    checked.input_shape = graph.tensors.first().map(|t| t.shape.clone());
    let Some(output) = output else { return checked };
    checked.output_shape = Some(graph.tensors[output].shape.clone());
    let Graph {
        mut nodes,
        tensors,
        params,
        ..
    } = graph;
    for extra in body.weights.iter().skip(1) {
        cx.error(
            extra.keyword.span(),
            "the model has more than one `weights = …` file",
        );
    }
    let (model_weights, int8) = if elem == Some(Elem::Int8) {
        match int8::prepare(&params, &mut nodes, &tensors, body.weights.first(), cx) {
            Some((file, int8)) => (Some(file), Some(int8)),
            None => (None, None),
        }
    } else {
        (
            weights::locate(&params, &mut nodes, &body.weights, elem, cx),
            None,
        )
    };
    if cx.has_errors() {
        return checked;
    }
    checked.model = Some(ir::Model {
        attrs: def.attrs.clone(),
        vis: def.vis.clone(),
        name: def.name.clone(),
        elem: elem.expect("no errors were reported"),
        tensors,
        nodes,
        output,
        model_weights,
        int8,
    });
    checked
}

/// The graph under construction.
struct Graph<'a> {
    cx: &'a Ctxt,
    tensors: Vec<Tensor>,
    nodes: Vec<Node>,
    /// Tensors named with `as`, and whether a later chain used them.
    names: HashMap<String, (TensorId, Ident, bool)>,
    params: Vec<weights::ParamLayer<'a>>,
}

impl<'a> Graph<'a> {
    /// Builds every chain; returns the model output.
    fn statements(&mut self, body: &'a Body) -> Option<TensorId> {
        let Some(first) = body.statements.first() else {
            self.cx.error(
                proc_macro2::Span::call_site(),
                "the model has no layers: write `input[…] -> layer -> …;`",
            );
            return None;
        };
        if !matches!(first.source, Source::Input { .. }) {
            self.cx.error(
                source_span(&first.source),
                "the first chain must start with the model input: `input[d0, d1, …]`",
            );
        }
        let mut output = None;
        let last = body.statements.len() - 1;
        for (index, statement) in body.statements.iter().enumerate() {
            let result = self.statement(statement, index == 0);
            match (&statement.binding, index == last) {
                (Some(name), _) => self.bind(name, result),
                (None, true) => output = result,
                (None, false) => self.cx.error(
                    statement.layers.last().map_or_else(|| source_span(&statement.source), |l| l.name.span()),
                    "only the last chain gives the model output; name this chain's result with `as name` and use it later",
                ),
            }
        }
        if let Some(Statement {
            binding: Some(name),
            ..
        }) = body.statements.last()
        {
            self.cx.error(
                name.span(),
                "the last chain gives the model output; remove `as …` or add a chain that uses it",
            );
            return None;
        }
        for (name, (_, ident, used)) in &self.names {
            if !used {
                self.cx
                    .error(ident.span(), format_args!("tensor `{name}` is never used"));
            }
        }
        output
    }

    fn bind(&mut self, name: &Ident, tensor: Option<TensorId>) {
        let key = name.to_string();
        if self.names.contains_key(&key) || key == "input" {
            self.cx.error(
                name.span(),
                format_args!("the name `{key}` is already taken"),
            );
            return;
        }
        if let Some(tensor) = tensor {
            self.names.insert(key, (tensor, name.clone(), false));
        }
    }

    /// One chain; returns its result tensor, or `None` after an error.
    fn statement(&mut self, statement: &'a Statement, first: bool) -> Option<TensorId> {
        let mut current = self.source(&statement.source, first);
        // An `add(a, b)` source is a kernel too, and takes a fused activation.
        let mut fusable = match (&statement.source, current) {
            (Source::Call(_), Some(_)) => Some(self.nodes.len() - 1),
            _ => None,
        };
        for call in &statement.layers {
            let shape = current.map(|id| self.tensors[id].shape.clone());
            let lowered = layers::lower(call, shape.as_deref(), self.cx);
            let (Some(lowered), Some(input)) = (lowered, current) else {
                current = None;
                continue;
            };
            if let (Op::Clamp(activation), Some(node)) = (&lowered.op, fusable)
                && self.fuse(node, *activation, call)
            {
                fusable = None;
                continue;
            }
            current = Some(self.push(lowered, vec![input], call));
            fusable = Some(self.nodes.len() - 1);
        }
        current
    }

    /// Fuses a relu/relu6 into the kernel that produced its input.
    fn fuse(&mut self, node: usize, activation: Activation, call: &LayerCall) -> bool {
        let node = &mut self.nodes[node];
        match node.op.fused_activation_mut() {
            Some(slot @ Activation::None) => {
                *slot = activation;
                node.label = format!("{} + {}", node.label, call.name);
                true
            }
            _ => false,
        }
    }

    fn push(
        &mut self,
        lowered: layers::Lowered<'a>,
        inputs: Vec<TensorId>,
        call: &LayerCall,
    ) -> TensorId {
        let output = self.tensors.len();
        self.tensors.push(Tensor {
            shape: lowered.shape,
        });
        if let Some(files) = lowered.files {
            self.params.push(weights::ParamLayer {
                node: self.nodes.len(),
                files,
            });
        }
        self.nodes.push(Node {
            op: lowered.op,
            inputs,
            output,
            span: call.name.span(),
            label: lowered.label,
        });
        output
    }

    fn source(&mut self, source: &'a Source, first: bool) -> Option<TensorId> {
        match source {
            Source::Input {
                keyword,
                dims,
                span,
            } => {
                if !first {
                    self.cx.error(
                        keyword.span(),
                        "only the first chain starts at `input`; start from a name bound with `as`",
                    );
                    return None;
                }
                if dims.is_empty() {
                    self.cx
                        .error(*span, "the input needs a shape, such as `input[49, 10, 1]`");
                }
                let mut shape = Vec::new();
                for dim in dims {
                    match dim.base10_parse::<usize>() {
                        Ok(0) | Err(_) => self.cx.error(
                            dim.span(),
                            "every input dimension must be a whole number of at least 1",
                        ),
                        Ok(n) => shape.push(n),
                    }
                }
                if shape.len() != dims.len() || shape.is_empty() {
                    return None;
                }
                self.tensors.push(Tensor { shape });
                Some(0)
            }
            // Already reported: the first chain must start at `input`.
            Source::Tensor(_) if first => None,
            Source::Tensor(name) => self.lookup(name),
            Source::Call(call) if call.name == "add" => self.add(call),
            Source::Call(call) => {
                self.cx.error(
                    call.name.span(),
                    format_args!("a chain starts with `input[…]`, a name bound with `as`, or `add(a, b)`, not `{}`", call.name),
                );
                None
            }
        }
    }

    fn lookup(&mut self, name: &Ident) -> Option<TensorId> {
        let key = name.to_string();
        match self.names.get_mut(&key) {
            Some((tensor, _, used)) => {
                *used = true;
                Some(*tensor)
            }
            None => {
                let known: Vec<&str> = self.names.keys().map(String::as_str).collect();
                self.cx.error(
                    name.span(),
                    format_args!(
                        "no tensor named `{key}` so far{}",
                        suggest::did_you_mean(&key, &known)
                    ),
                );
                None
            }
        }
    }

    /// `add(a, b)`: element-wise sum of two tensors of the same shape.
    fn add(&mut self, call: &'a LayerCall) -> Option<TensorId> {
        let Some((crate::ast::Delimiter::Paren(span), list)) = &call.args else {
            self.cx
                .error(call.name.span(), "write `add(a, b)` with two named tensors");
            return None;
        };
        let mut operands = Vec::new();
        for arg in list {
            match arg {
                crate::ast::Arg::Positional(crate::ast::Value::Ident(name)) => {
                    operands.push(self.lookup(name))
                }
                crate::ast::Arg::Positional(value) => {
                    self.cx.error(
                        args::value_span(value),
                        "expected the name of a tensor bound with `as`",
                    );
                    operands.push(None);
                }
                crate::ast::Arg::Named { name, .. } => {
                    self.cx.error(
                        name.span(),
                        "`add` takes two tensor names, no named arguments",
                    );
                    operands.push(None);
                }
            }
        }
        if operands.len() != 2 {
            self.cx.error(
                *span,
                format_args!("`add` takes exactly two tensors, found {}", operands.len()),
            );
            return None;
        }
        let (a, b) = (operands[0]?, operands[1]?);
        let (shape_a, shape_b) = (&self.tensors[a].shape, &self.tensors[b].shape);
        if shape_a != shape_b {
            self.cx.error(
                *span,
                format_args!(
                    "`add` needs two tensors of the same shape, found {} and {}",
                    shape_text(shape_a),
                    shape_text(shape_b)
                ),
            );
            return None;
        }
        let lowered = layers::Lowered {
            op: Op::Add {
                activation: Activation::None,
            },
            shape: shape_a.clone(),
            label: "add".to_owned(),
            files: None,
        };
        Some(self.push(lowered, vec![a, b], call))
    }
}

fn source_span(source: &Source) -> proc_macro2::Span {
    match source {
        Source::Input { keyword, .. } => keyword.span(),
        Source::Tensor(name) => name.span(),
        Source::Call(call) => call.name.span(),
    }
}
