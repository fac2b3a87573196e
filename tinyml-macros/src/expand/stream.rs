//! A streaming model's `step` and `reset`, and the state they keep: each
//! stage of [`Stream`] and the head run as small models of their own (the
//! same layer code as `predict`, on a window of frames instead of the whole
//! input), reading the state and sharing the model's arena.

use std::ops::Range;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::Visibility;
use tinyml_spec::plan::{self, Plan, Storage};
use tinyml_spec::{Layer, Padding, TensorId};

use super::{elem_type, predict_body, private};
use crate::ir::{Elem, Int8Io, Model, Port, Stage, StageState, Stream};

/// One buffer of the state: a stage's window, or the head's.
struct Buffer {
    field: proc_macro2::Ident,
    frames: usize,
    channels: usize,
    /// The tensor it buffers, in the whole model (for its zero point).
    tensor: TensorId,
}

/// A stage or the head as a model of its own, planned.
struct Part {
    model: Model,
    plan: Plan,
    /// The index of its first node in the whole model.
    first: usize,
}

/// A strided stage's `(stride, kernel)`: it outputs on some frames only.
type Gate = Option<(usize, usize)>;

/// What the model's expansion takes from its stream.
pub(crate) struct Streamed {
    /// The arena every part needs (at least `predict`'s).
    pub(crate) arena_len: usize,
    state_struct: TokenStream,
    state_type: proc_macro2::Ident,
    stream: StreamCode,
}

struct StreamCode {
    buffers: Vec<Buffer>,
    stages: Vec<(Option<Part>, Gate)>,
    /// `None` if the head is empty (the last stage's frames are the output).
    head: Option<Option<Part>>,
}

impl Streamed {
    pub(crate) fn new(model: &Model, stream: &Stream, plan: &Plan) -> Self {
        let graph = &model.graph;
        let mut buffers: Vec<Buffer> = stream
            .stages
            .iter()
            .enumerate()
            .map(|(i, stage)| {
                let tensor = graph.nodes[stage.nodes.start].inputs[0];
                let StageState::Window { kernel, .. } = stage.state;
                Buffer {
                    field: format_ident!("window{}", i),
                    frames: kernel,
                    channels: graph.shape(tensor).get(1).copied().unwrap_or(1),
                    tensor,
                }
            })
            .collect();
        let head_input = graph
            .nodes
            .get(stream.head)
            .map_or_else(|| graph.output(), |n| n.inputs[0]);
        buffers.push(Buffer {
            field: format_ident!("head"),
            frames: stream.head_frames,
            channels: graph.elements(head_input) / stream.head_frames.max(1),
            tensor: head_input,
        });
        let stages: Vec<(Option<Part>, Gate)> = stream
            .stages
            .iter()
            .zip(&buffers)
            .map(|(stage, buffer)| (part(model, stage.nodes.clone(), buffer), gate(stage)))
            .collect();
        let head = (stream.head < graph.nodes.len())
            .then(|| buffers.last())
            .flatten()
            .map(|buffer| part(model, stream.head..graph.nodes.len(), buffer));
        let arena_len = stages
            .iter()
            .filter_map(|(p, _)| p.as_ref())
            .chain(head.iter().flatten())
            .map(|p| p.plan.arena_len)
            .fold(plan.arena_len, usize::max);
        let state_type = format_ident!("{}StreamState", model.name);
        let state_struct = state_struct(model, &state_type, &buffers, &stream.stages);
        Streamed {
            arena_len,
            state_struct,
            state_type,
            stream: StreamCode {
                buffers,
                stages,
                head,
            },
        }
    }

    /// The state's type, declared beside the model.
    pub(crate) fn state_struct(&self) -> &TokenStream {
        &self.state_struct
    }

    /// The model struct's field holding the state.
    pub(crate) fn field(&self) -> TokenStream {
        let ty = &self.state_type;
        quote!(stream: #ty,)
    }

    /// Its initial value in `new`.
    pub(crate) fn init(&self) -> TokenStream {
        let ty = &self.state_type;
        quote!(stream: #ty::new(),)
    }

    /// `STATE_BYTES`, `FRAME_LEN`, `step` and `reset`.
    pub(crate) fn items(&self, model: &Model) -> TokenStream {
        let t = elem_type(model.elem);
        let (p, a) = (private(), self.arena_len);
        let k = quote!(#p::kernels);
        let ty = &self.state_type;
        let code = &self.stream;
        let frame_len = code.buffers[0].channels;
        let gated = code.stages.iter().any(|(_, gate)| gate.is_some());
        let mut body = Vec::new();
        let complete = code.stages.iter().all(|(part, _)| part.is_some())
            && code.head.as_ref().is_none_or(Option::is_some);
        if !complete {
            body.push(quote!(::core::compile_error!("tinyml internal error: a streaming part did not build");));
        }
        let first = &code.buffers[0].field;
        body.push(quote!(#k::stream::push_frame(&mut self.stream.#first, frame);));
        let stages = code
            .stages
            .iter()
            .filter_map(|(part, gate)| Some((part.as_ref()?, gate)));
        for (i, (part, gate)) in stages.enumerate() {
            if let Some((stride, kernel)) = gate {
                let phase = format_ident!("phase{}", i);
                body.push(quote! {
                    if !#k::stream::tick::<#stride, #kernel>(&mut self.stream.#phase) {
                        return ::core::option::Option::None;
                    }
                });
            }
            body.push(run(part, &code.buffers[i].field, a));
            let (offset, len) = output_region(part);
            let next = &code.buffers[i + 1].field;
            body.push(quote!(#k::stream::push_frame(&mut self.stream.#next, #k::arena::region::<#t, #a, #offset, #len>(&self.arena));));
        }
        let out_len = model.graph.elements(model.graph.output());
        let observer = (!model.graph.nodes.is_empty()).then(|| {
            // The layers' code reports each layer, as in `predict`; no one listens.
            quote!(let observer = |_: usize, _: &'static str| {};)
        });
        let result = match code.head.as_ref().and_then(Option::as_ref) {
            Some(head) => {
                body.push(run(head, &code.buffers[code.buffers.len() - 1].field, a));
                let (offset, len) = output_region(head);
                quote!(#k::arena::region::<#t, #a, #offset, #len>(&self.arena))
            }
            None => quote!(&self.stream.head),
        };
        let (result_ty, result) = if gated {
            (
                quote!(::core::option::Option<&[#t; #out_len]>),
                quote!(::core::option::Option::Some(#result)),
            )
        } else {
            (quote!(&[#t; #out_len]), result)
        };
        let step_doc = if gated {
            "Takes the next frame of the input and returns the model's output when a new one is \
             ready (a layer with a stride > 1 outputs every stride-th frame), else `None`. After \
             [`Self::reset`], stepping through the frames of a whole window, the last output \
             returned equals [`Self::predict`] over that window. Allocates nothing; the result \
             borrows the model's memory."
        } else {
            "Takes the next frame of the input and returns the model's output over the last \
             window of frames. After [`Self::reset`], stepping through the frames of a whole \
             window, the last output equals [`Self::predict`] over that window. Allocates \
             nothing; the result borrows the model's memory."
        };
        quote! {
            /// Values in one frame of a streaming model's input (its channels).
            pub const FRAME_LEN: usize = #frame_len;
            /// The state a streaming model keeps between frames, in bytes:
            /// each layer over time's window of its last input frames, and
            /// the head's buffer of the last window. Part of `RAM_BYTES`.
            pub const STATE_BYTES: usize = ::core::mem::size_of::<#ty>();

            #[doc = #step_doc]
            pub fn step(&mut self, frame: &[#t; #frame_len]) -> #result_ty {
                #observer
                #(#body)*
                #result
            }

            /// Forgets every frame: each layer's history is zeros (in `i8`,
            /// its input's zero point), as if zero padding came before the next frame.
            pub fn reset(&mut self) {
                self.stream = #ty::new();
            }
        }
    }
}

/// See [`Gate`].
fn gate(stage: &Stage) -> Gate {
    let StageState::Window { kernel, stride } = stage.state;
    (stride > 1).then_some((stride, kernel))
}

/// The code of one part, reading `field` of the state as its input.
fn run(part: &Part, field: &proc_macro2::Ident, arena_len: usize) -> TokenStream {
    let mut plan = part.plan.clone();
    plan.arena_len = arena_len;
    let body = predict_body(&part.model, &plan, part.first, true);
    quote!({
        let input = &self.stream.#field;
        #body
    })
}

/// Where a part leaves its output in the arena: offset and length.
fn output_region(part: &Part) -> (usize, usize) {
    let output = part.model.graph.output();
    let len = part.model.graph.elements(output);
    let offset = match (part.plan.output_copy, part.plan.storage[output]) {
        (Some(offset), _) | (None, Storage::Arena(offset)) => offset,
        (None, Storage::External) => 0,
    };
    (offset, len)
}

/// Nodes `nodes` of the model on the buffer's `[frames, channels]`, as a
/// model of their own. Layers over time read exactly one window there, so
/// they take `padding = valid` (the check refused any that pad).
fn part(model: &Model, nodes: Range<usize>, buffer: &Buffer) -> Option<Part> {
    let first = nodes.start;
    let input = vec![buffer.frames, buffer.channels];
    // No larger than the model's tensors, so it cannot fail (the step's
    // code reports it should it ever).
    let mut graph = crate::ir::Graph::new(input, model.elem.size_bytes()).ok()?;
    graph.int8 = model.graph.int8;
    let mut current = 0;
    for node in &model.graph.nodes[nodes] {
        let layer = valid(node.layer.clone());
        match graph.push(layer, vec![current], node.extra.clone()) {
            Ok(output) => current = output,
            Err(_) => return None,
        }
        if let Some(last) = graph.nodes.last_mut() {
            last.activation = node.activation;
        }
    }
    let int8 = model.int8.as_ref().map(|_| Int8Io {
        inputs: Vec::new(),
        outputs: Vec::new(),
        tensors: Vec::new(),
    });
    let output = graph.output();
    let model = Model {
        attrs: Vec::new(),
        vis: Visibility::Inherited,
        name: model.name.clone(),
        elem: model.elem,
        inputs: vec![Port {
            tensor: 0,
            name: None,
        }],
        outputs: vec![Port {
            tensor: output,
            name: None,
        }],
        model_weights: model.model_weights.clone(),
        int8,
        stream: None,
        graph,
    };
    let plan = plan::plan(&model.graph);
    Some(Part { model, plan, first })
}

/// The layer reading exactly one window.
fn valid(layer: Layer) -> Layer {
    match layer {
        Layer::Conv1d(op) => Layer::Conv1d(tinyml_spec::ops::conv1d::Conv1d {
            padding: Padding::Valid,
            ..op
        }),
        Layer::DepthwiseConv1d(op) => {
            Layer::DepthwiseConv1d(tinyml_spec::ops::depthwise_conv1d::DepthwiseConv1d {
                padding: Padding::Valid,
                ..op
            })
        }
        Layer::MaxPool1d(mut op) => {
            op.0.padding = Padding::Valid;
            Layer::MaxPool1d(op)
        }
        Layer::AvgPool1d(mut op) => {
            op.0.padding = Padding::Valid;
            Layer::AvgPool1d(op)
        }
        other => other,
    }
}

/// The state's struct: one window per stage, a phase per strided stage,
/// the head's buffer.
fn state_struct(
    model: &Model,
    name: &proc_macro2::Ident,
    buffers: &[Buffer],
    stages: &[Stage],
) -> TokenStream {
    let t = elem_type(model.elem);
    let p = private();
    let fields = buffers.iter().map(|b| {
        let (field, len) = (&b.field, b.frames * b.channels);
        quote!(#field: [#t; #len],)
    });
    let inits = buffers.iter().map(|b| {
        let (field, len) = (&b.field, b.frames * b.channels);
        let zero = match (model.elem, &model.int8) {
            (Elem::Int8, Some(io)) => {
                let zp = io
                    .tensors
                    .get(b.tensor)
                    .copied()
                    .flatten()
                    .map_or(0, |q| q.zero_point.clamp(-128, 127) as i8);
                quote!(#zp)
            }
            _ => quote!(<#t as #p::kernels::Element>::ZERO),
        };
        quote!(#field: [#zero; #len],)
    });
    let phases: Vec<proc_macro2::Ident> = stages
        .iter()
        .enumerate()
        .filter(|(_, s)| gate(s).is_some())
        .map(|(i, _)| format_ident!("phase{}", i))
        .collect();
    let doc = format!(
        "The frames that [`{}::step`] keeps between calls.",
        model.name
    );
    quote! {
        #[doc = #doc]
        #[doc(hidden)]
        struct #name {
            #(#fields)*
            #(#phases: usize,)*
        }

        impl #name {
            const fn new() -> Self {
                Self {
                    #(#inits)*
                    #(#phases: 0,)*
                }
            }
        }
    }
}
