//! Turns the syntax tree into a checked [`ir::Model`], reporting every
//! mistake into the [`Ctxt`] on the token that caused it.

pub(crate) mod args;
mod elem;
pub(crate) mod int8;
mod stream;
pub(crate) mod suggest;
mod weights;

use std::collections::HashMap;

use proc_macro2::Span;
use syn::Ident;
use tinyml_spec::{Graph, Kind, TensorId};

use crate::ast::{
    Arg, Body, Delimiter, LayerCall, ModelDef, OutputsDecl, Source, Statement, Value,
};
use crate::ctxt::Ctxt;
use crate::ir::{self, Elem, NodeInfo};
use crate::ops;

/// A model input's or output's name and shape.
pub(crate) type NamedShape = (Ident, Vec<usize>);

/// What the checks learnt, even when they failed: enough for a stub.
pub(crate) struct Checked {
    pub(crate) model: Option<ir::Model>,
    pub(crate) elem: Option<Elem>,
    pub(crate) input_shape: Option<Vec<usize>>,
    pub(crate) output_shape: Option<Vec<usize>>,
    /// For a model with several inputs or outputs: each one's name and
    /// shape, so the stub has the same `predict`.
    pub(crate) ports: Option<(Vec<NamedShape>, Vec<NamedShape>)>,
}

pub(crate) fn check(def: &ModelDef, cx: &Ctxt) -> Checked {
    let elem = elem::resolve(&def.elem, cx);
    let mut checked = Checked {
        model: None,
        elem,
        input_shape: None,
        output_shape: None,
        ports: None,
    };
    let body = match &def.body {
        Ok(body) => body,
        Err(error) => {
            cx.syn_error(error.clone());
            return checked;
        }
    };
    let mut builder = Builder {
        cx,
        element_bytes: elem.map_or(4, Elem::size_bytes),
        int8: elem == Some(Elem::Int8),
        graph: None,
        names: HashMap::new(),
        params: Vec::new(),
        inputs: Vec::new(),
    };
    let outputs = builder.statements(body);
    let inputs = builder.input_ports();
    let Builder { graph, params, .. } = builder;
    checked.input_shape = graph.as_ref().map(|g| g.shape(0).to_vec());
    let (Some(mut graph), Some(outputs), Some(inputs)) = (graph, outputs, inputs) else {
        return checked;
    };
    checked.output_shape = Some(graph.shape(outputs[0].tensor).to_vec());
    if inputs.len() > 1 || outputs.len() > 1 {
        let named = |ports: &[ir::Port]| {
            ports
                .iter()
                .filter_map(|p| Some((p.name.clone()?, graph.shape(p.tensor).to_vec())))
                .collect()
        };
        checked.ports = Some((named(&inputs), named(&outputs)));
        graph.outputs = outputs.iter().map(|p| p.tensor).collect();
        for port in &outputs {
            if inputs.iter().any(|i| i.tensor == port.tensor)
                && let Some(name) = &port.name
            {
                cx.error(
                    name.span(),
                    format_args!("output `{name}` is a model input; a model output must be computed by a layer"),
                );
            }
        }
    }
    for extra in body.weights.iter().skip(1) {
        cx.error(
            extra.keyword.span(),
            "the model has more than one `weights = …` file",
        );
    }
    let (model_weights, int8) = if elem == Some(Elem::Int8) {
        match int8::prepare(&params, &mut graph, body.weights.first(), cx) {
            Some((file, int8)) => (Some(file), Some(int8)),
            None => (None, None),
        }
    } else {
        (
            weights::locate(&params, &mut graph.nodes, &body.weights, elem, cx),
            None,
        )
    };
    let streaming = streaming_token(body, cx);
    let stream = match streaming {
        Some(token) if !cx.has_errors() => {
            stream::split(&graph, (inputs.len(), outputs.len()), token, cx)
        }
        _ => None,
    };
    if cx.has_errors() {
        return checked;
    }
    let Some(elem) = elem else {
        return checked;
    };
    checked.model = Some(ir::Model {
        attrs: def.attrs.clone(),
        vis: def.vis.clone(),
        name: def.name.clone(),
        elem,
        graph,
        inputs,
        outputs,
        model_weights,
        int8,
        stream,
    });
    checked
}

/// The `streaming` of `input[…] streaming`, if the model declares it (on
/// its first input: a streaming model has one).
fn streaming_token<'a>(body: &'a Body, cx: &Ctxt) -> Option<&'a Ident> {
    let mut tokens = streaming_tokens(body);
    let first = tokens.next();
    for extra in tokens {
        cx.error(
            extra.span(),
            "a streaming model has one input; only it is declared `streaming`",
        );
    }
    first
}

/// Every `streaming` written after an `input[…]`.
pub(crate) fn streaming_tokens(body: &Body) -> impl Iterator<Item = &Ident> {
    body.statements.iter().filter_map(|s| match &s.source {
        Source::Input { streaming, .. } => streaming.as_ref(),
        _ => None,
    })
}

/// Whether the planned arena fits [`tinyml_spec::MAX_BYTES`] (each tensor
/// does, but together they may not); reports it on the model's name if not.
pub(crate) fn arena(model: &ir::Model, plan: &tinyml_spec::plan::Plan, cx: &Ctxt) -> bool {
    let what = || format!("the activation arena of `{}`", model.name);
    match tinyml_spec::shape::check_bytes(what, plan.arena_len, model.elem.size_bytes()) {
        Ok(_) => true,
        Err(error) => {
            cx.error(model.name.span(), error);
            false
        }
    }
}

/// The graph under construction.
struct Builder<'a> {
    cx: &'a Ctxt,
    /// The bytes of one element, for the size limit.
    element_bytes: usize,
    /// Whether the model is `i8` (the planner's in-place convolutions).
    int8: bool,
    /// Created by the first chain's `input[…]`.
    graph: Option<ir::Graph>,
    /// Tensors named with `as`, and whether a later chain used them.
    names: HashMap<String, (TensorId, Ident, bool)>,
    params: Vec<weights::ParamLayer<'a>>,
    /// Each `input[…]`: its tensor, its keyword, and the name its chain
    /// gives it when the chain is only `input[…] as name`.
    inputs: Vec<(TensorId, Ident, Option<Ident>)>,
}

impl<'a> Builder<'a> {
    /// Builds every chain; returns the model outputs: the last chain's, or
    /// those that `outputs = (…)` names.
    fn statements(&mut self, body: &'a Body) -> Option<Vec<ir::Port>> {
        let Some(first) = body.statements.first() else {
            self.cx.error(
                Span::call_site(),
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
        let declared = body.outputs.first();
        for extra in body.outputs.iter().skip(1) {
            self.cx.error(
                extra.keyword.span(),
                "the model has more than one `outputs = (…)`",
            );
        }
        let mut output = None;
        let last = body.statements.len() - 1;
        for (index, statement) in body.statements.iter().enumerate() {
            let result = self.statement(statement, index == 0);
            match (&statement.binding, index == last, declared) {
                (Some(name), _, _) => self.bind(name, result),
                (None, true, None) => output = result,
                (None, true, Some(_)) => self.cx.error(
                    statement.layers.last().map_or_else(|| source_span(&statement.source), |l| l.name.span()),
                    "with `outputs = (…)`, every chain ends with `as name`; name this one and list it there",
                ),
                (None, false, _) => self.cx.error(
                    statement.layers.last().map_or_else(|| source_span(&statement.source), |l| l.name.span()),
                    "only the last chain gives the model output; name this chain's result with `as name` and use it later (or list it in `outputs = (…)`)",
                ),
            }
            // `input[…] as name;` names that input.
            if let (Source::Input { .. }, true, Some(name), Some(port)) = (
                &statement.source,
                statement.layers.is_empty(),
                &statement.binding,
                self.inputs.last_mut(),
            ) && result == Some(port.0)
            {
                port.2 = Some(name.clone());
            }
        }
        let outputs = match declared {
            Some(decl) => self.declared_outputs(decl),
            None => {
                if let Some(Statement {
                    binding: Some(name),
                    ..
                }) = body.statements.last()
                {
                    self.cx.error(
                        name.span(),
                        "the last chain gives the model output; remove `as …` or add a chain that uses it (or list the outputs in `outputs = (…)`)",
                    );
                    return None;
                }
                output.map(|tensor| vec![ir::Port { tensor, name: None }])
            }
        };
        for (name, (_, ident, used)) in &self.names {
            if !used {
                self.cx
                    .error(ident.span(), format_args!("tensor `{name}` is never used"));
            }
        }
        outputs
    }

    /// The tensors `outputs = (a, b, …)` names.
    fn declared_outputs(&mut self, decl: &OutputsDecl) -> Option<Vec<ir::Port>> {
        if decl.names.is_empty() {
            self.cx
                .error(decl.span, "`outputs = (…)` needs at least one tensor name");
            return None;
        }
        let mut ports = Vec::new();
        for name in &decl.names {
            if ports
                .iter()
                .any(|p: &ir::Port| p.name.as_ref() == Some(name))
            {
                self.cx.error(
                    name.span(),
                    format_args!("`{name}` is listed twice in `outputs`"),
                );
                continue;
            }
            let tensor = self.lookup(name);
            ports.push(ir::Port {
                tensor: tensor.unwrap_or(usize::MAX),
                name: Some(name.clone()),
            });
        }
        ports
            .iter()
            .all(|p| p.tensor != usize::MAX)
            .then_some(ports)
    }

    /// The model inputs; with several, each must be named by a chain of
    /// its own (`input[…] as name;`), which the generated `predict` takes
    /// as its parameter names.
    fn input_ports(&self) -> Option<Vec<ir::Port>> {
        let several = self.inputs.len() > 1;
        let mut ports = Vec::new();
        let mut complete = true;
        for (tensor, keyword, name) in &self.inputs {
            if several && name.is_none() {
                self.cx.error(
                    keyword.span(),
                    "a model with several inputs names each in a chain of its own: `input[…] as name;`",
                );
                complete = false;
            }
            ports.push(ir::Port {
                tensor: *tensor,
                name: name.clone(),
            });
        }
        (complete && !ports.is_empty()).then_some(ports)
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
        // A combining source such as `add(a, b)` is a kernel too, and takes
        // a fused activation.
        let mut fusable = match (&statement.source, &self.graph, current) {
            (Source::Call(_), Some(graph), Some(_)) => Some(graph.nodes.len() - 1),
            _ => None,
        };
        for call in &statement.layers {
            let Some(parsed) = self.parse(call) else {
                current = None;
                continue;
            };
            let (Some(input), Some(graph)) = (current, &mut self.graph) else {
                continue;
            };
            let activation = parsed.layer.kind().activation();
            if let (Some(activation), Some(node)) = (activation, fusable)
                && graph.fuse(node, activation)
            {
                let info = &mut graph.nodes[node].extra;
                info.label = format!("{} + {}", info.label, call.name);
                fusable = None;
                continue;
            }
            current = self.push(parsed, vec![input], call.name.span(), Some(call));
            fusable = current.map(|_| self.graph.as_ref().map_or(0, |g| g.nodes.len() - 1));
        }
        current
    }

    /// Reads a chain layer's call: its name, then its arguments.
    fn parse(&self, call: &'a LayerCall) -> Option<ops::Parsed<'a>> {
        let name = call.name.to_string();
        let Some(kind) = Kind::from_name(&name) else {
            let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
            let hint = suggest::did_you_mean(&name, &names);
            let list = if hint.is_empty() {
                let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                format!("; the layers are {}", quoted.join(", "))
            } else {
                String::new()
            };
            self.cx.error(
                call.name.span(),
                format_args!("unknown layer `{name}`{hint}{list}"),
            );
            return None;
        };
        ops::parse(kind, call, self.cx)
    }

    /// Adds a layer on `inputs`, written at `span`; shape errors go there,
    /// or where the layer's `ops` file puts them in its chain `call`.
    fn push(
        &mut self,
        parsed: ops::Parsed<'a>,
        inputs: Vec<TensorId>,
        span: Span,
        call: Option<&LayerCall>,
    ) -> Option<TensorId> {
        let graph = self.graph.as_mut()?;
        let ops::Parsed { layer, files } = parsed;
        let kind = layer.kind();
        let params = layer.params(graph.shape(inputs[0]));
        let info = NodeInfo {
            span,
            label: layer.dsl(),
            params: None,
            int8: None,
        };
        match graph.push(layer, inputs, info) {
            Ok(output) => {
                if let Some(shape) = params {
                    self.params.push(weights::ParamLayer {
                        node: graph.nodes.len() - 1,
                        files,
                        shape,
                    });
                }
                Some(output)
            }
            Err(error) => {
                let at = call
                    .and_then(|call| ops::error_span(kind, call, &error))
                    .unwrap_or(span);
                self.cx.error(at, error);
                None
            }
        }
    }

    fn source(&mut self, source: &'a Source, first: bool) -> Option<TensorId> {
        match source {
            Source::Input {
                keyword,
                dims,
                span,
                ..
            } => {
                if dims.is_empty() {
                    self.cx
                        .error(*span, "the input needs a shape, such as `input[49, 10, 1]`");
                }
                let mut shape = Vec::new();
                for dim in dims {
                    match dim.base10_parse::<usize>() {
                        Ok(0) => self.cx.error(
                            dim.span(),
                            "every input dimension must be a whole number of at least 1",
                        ),
                        Ok(n) => shape.push(n),
                        Err(_) if dim.suffix().is_empty() => self.cx.error(
                            dim.span(),
                            format_args!(
                                "input dimension {} does not fit `usize`; no tensor may exceed {} bytes",
                                dim.base10_digits(),
                                tinyml_spec::MAX_BYTES
                            ),
                        ),
                        Err(_) => self.cx.error(
                            dim.span(),
                            "every input dimension must be a whole number of at least 1",
                        ),
                    }
                }
                if shape.len() != dims.len() || shape.is_empty() {
                    return None;
                }
                let added = match &mut self.graph {
                    Some(graph) if !first => graph.add_input(shape.clone()),
                    Some(_) => return None,
                    None if !first => return None,
                    None => Graph::new(shape.clone(), self.element_bytes).map(|mut graph| {
                        graph.int8 = self.int8;
                        self.graph = Some(graph);
                        0
                    }),
                };
                match added {
                    Ok(tensor) => {
                        self.inputs.push((tensor, keyword.clone(), None));
                        Some(tensor)
                    }
                    Err(error) => {
                        // On the dimension where the product first grows too large.
                        let at = (1..=shape.len())
                            .find(|&n| {
                                Graph::<()>::new(shape[..n].to_vec(), self.element_bytes).is_err()
                            })
                            .map_or(*span, |n| dims[n - 1].span());
                        self.cx.error(at, error);
                        None
                    }
                }
            }
            // Already reported: the first chain must start at `input`.
            Source::Tensor(_) if first => None,
            Source::Tensor(name) => self.lookup(name),
            Source::Call(call) => match Kind::from_name(&call.name.to_string()) {
                Some(kind) if kind.inputs() > 1 => self.combine(kind, call),
                _ => {
                    self.cx.error(
                        call.name.span(),
                        format_args!("a chain starts with `input[…]`, a name bound with `as`, or a layer that combines tensors (`add(a, b)`, `concat(a, b)`, …), not `{}`", call.name),
                    );
                    None
                }
            },
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

    /// A layer that combines named tensors, such as `add(a, b)` or
    /// `concat(a, b, c, axis = 0)`: the operands are read here, the
    /// layer's own arguments by its `ops` file.
    fn combine(&mut self, kind: Kind, call: &'a LayerCall) -> Option<TensorId> {
        let name = kind.name();
        let Some((Delimiter::Paren(span), list)) = &call.args else {
            self.cx.error(
                call.name.span(),
                format_args!("write `{name}(a, b)` with named tensors"),
            );
            return None;
        };
        let mut operands = Vec::new();
        for arg in list {
            match arg {
                Arg::Positional(Value::Ident(tensor)) => operands.push(self.lookup(tensor)),
                Arg::Positional(value) => {
                    self.cx.error(
                        args::value_span(value),
                        "expected the name of a tensor bound with `as`",
                    );
                    operands.push(None);
                }
                Arg::Named { .. } => {}
            }
        }
        let layer = ops::combine(kind, call, operands.len(), self.cx)?;
        let operands: Vec<TensorId> = operands.into_iter().collect::<Option<_>>()?;
        let parsed = ops::Parsed {
            layer,
            files: args::Files::default(),
        };
        let output = self.push(parsed, operands, *span, None)?;
        if let Some(node) = self.graph.as_mut().and_then(|g| g.nodes.last_mut()) {
            // Later messages name the layer, not its operands.
            node.extra.span = call.name.span();
        }
        Some(output)
    }
}

fn source_span(source: &Source) -> Span {
    match source {
        Source::Input { keyword, .. } => keyword.span(),
        Source::Tensor(name) => name.span(),
        Source::Call(call) => call.name.span(),
    }
}
