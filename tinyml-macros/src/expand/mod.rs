//! Code generation: the model struct, its consts, and `predict` as a straight
//! sequence of kernel calls on fixed arena regions.

mod docs;
mod fallback;
pub(crate) mod int8;
mod ports;
mod step;
mod stream;

pub(crate) use fallback::stub;
pub(crate) use ports::input_param;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
pub(crate) use step::Step;
use tinyml_spec::plan::Plan;
use tinyml_spec::{Activation, Window};

use crate::ir::{Elem, Model};
use crate::ops;

/// `::tinyml::__private`: everything generated code names goes through it.
pub(crate) fn private() -> TokenStream {
    quote!(::tinyml::__private)
}

/// The element type as a path that resolves wherever the macro is used.
pub(crate) fn elem_type(elem: Elem) -> TokenStream {
    let p = private();
    match elem {
        Elem::F32 => quote!(f32),
        Elem::Fixed { bits, frac } => {
            let family = format_ident!("FixedI{}", bits);
            let frac = format_ident!("U{}", frac);
            quote!(#p::fixed::#family<#p::fixed::types::extra::#frac>)
        }
        Elem::Int8 => quote!(i8),
    }
}

/// The const generics of a windowed kernel (conv, depthwise, pool), in the
/// kernels' order: `IH, IW, IC, OH, OW`, the filter count or depth
/// multiplier if the kernel takes one, then `KH, KW, SH, SW, PT, PL`.
pub(crate) fn window_generics(window: &Window, channels: Option<usize>) -> TokenStream {
    let Window {
        in_h,
        in_w,
        in_c,
        out_h,
        out_w,
        kernel_h,
        kernel_w,
        stride_h,
        stride_w,
        pad_top,
        pad_left,
    } = *window;
    let channels = channels.map(|n| quote!(#n,));
    quote!(#in_h, #in_w, #in_c, #out_h, #out_w, #channels #kernel_h, #kernel_w, #stride_h, #stride_w, #pad_top, #pad_left)
}

pub(crate) fn model(model: &Model, plan: &Plan) -> TokenStream {
    let Model {
        attrs,
        vis,
        name,
        elem,
        graph,
        ..
    } = model;
    let t = elem_type(*elem);
    let p = private();
    let streamed = model
        .stream
        .as_ref()
        .map(|s| stream::Streamed::new(model, s, plan));
    // The parts of `step` may need a larger arena than `predict` alone.
    let mut plan = plan.clone();
    if let Some(streamed) = &streamed {
        plan.arena_len = streamed.arena_len;
    }
    let plan = &plan;
    let (inputs, outputs) = (ports::Side::inputs(model), ports::Side::outputs(model));
    let arena_len = plan.arena_len;
    let (params, macs) = (graph.params(), graph.macs());
    let doc_table = docs::table(model, plan);
    let shared = model.stream.is_some();
    let body = predict_body(model, plan, 0, shared);
    let statics = shared.then(|| shared_statics(model, plan));
    let zero = match elem {
        Elem::Int8 => quote!(0),
        _ => quote!(<#t as #p::kernels::Element>::ZERO),
    };
    let quantization = model
        .int8
        .as_ref()
        .map(|int8| int8::quantization_items(model, int8));
    let (input_consts, output_consts) = (inputs.consts(), outputs.consts());
    let input_params = inputs.params(&t);
    let input_names = inputs.names();
    let (result_ty, result) = outputs.result(&t, plan);
    let outputs_struct = outputs.outputs_struct(&t);
    let predict_doc = if inputs.several() || outputs.several() {
        "Runs one inference: one row-major array per input, in the order the model declares them. \
         Allocates nothing; the results borrow the model's activation memory."
    } else {
        "Runs one inference on a row-major (HWC) input. Allocates nothing; the result borrows the \
         model's activation memory."
    };
    let state_struct = streamed.as_ref().map(stream::Streamed::state_struct);
    let state_field = streamed.as_ref().map(stream::Streamed::field);
    let state_init = streamed.as_ref().map(stream::Streamed::init);
    let stream_items = streamed.as_ref().map(|s| s.items(model));
    let (ram_doc, ram_bytes) = match &streamed {
        Some(_) => (
            "Memory held by the model, in bytes: the arena that every layer's input and output \
             are planned into at compile time and the streaming state (`STATE_BYTES`), as the \
             struct lays them out.",
            quote!(::core::mem::size_of::<Self>()),
        ),
        None => (
            "Activation memory held by the model, in bytes: the arena that every layer's input \
             and output are planned into at compile time.",
            quote!(#arena_len * ::core::mem::size_of::<#t>()),
        ),
    };
    quote! {
        #(#attrs)*
        #[doc = #doc_table]
        #vis struct #name {
            arena: [#t; #arena_len],
            #state_field
        }

        #state_struct
        #statics

        #outputs_struct

        impl #name {
            #input_consts
            #output_consts
            /// Weights and biases, counted in values.
            pub const PARAMS: usize = #params;
            /// Multiply-accumulates per inference.
            pub const MACS: usize = #macs;
            #[doc = #ram_doc]
            pub const RAM_BYTES: usize = #ram_bytes;

            /// A model with zeroed activation memory; `const`, so it can live in a `static`.
            pub const fn new() -> Self {
                Self { arena: [#zero; #arena_len], #state_init }
            }

            #stream_items

            #quantization

            #[doc = #predict_doc]
            pub fn predict(&mut self, #input_params) -> #result_ty {
                // One body for both entry points: the no-op observer inlines away.
                self.predict_observed(#(#input_names,)* |_, _| {})
            }

            /// [`Self::predict`], calling `observer(index, layer)` after each
            /// layer: for per-layer timing or tracing. `index` counts the rows
            /// of the layer table in this type's docs from 0.
            // Always inlined: `predict` is then exactly the code the layers
            // make, as when it had a body of its own (the firmware's counts
            // are unchanged to the instruction); `#[inline]` on `predict`
            // instead moved them by up to ±30 %.
            #[inline(always)]
            pub fn predict_observed(
                &mut self,
                #input_params,
                mut observer: impl FnMut(usize, &'static str),
            ) -> #result_ty {
                #body
                #result
            }
        }

        impl ::core::default::Default for #name {
            fn default() -> Self {
                Self::new()
            }
        }
    }
}

/// The body of `predict_observed`: the model-level weight file, then one
/// step per node, each followed by `observer(index, label)`. `first` is the
/// index of the first node in the whole model (a part of a streaming model
/// starts later) and `shared` says whether the statics are in the shared
/// modules of [`shared_statics`].
fn predict_body(model: &Model, plan: &Plan, first: usize, shared: bool) -> TokenStream {
    let t = elem_type(model.elem);
    let file = model
        .model_weights
        .as_ref()
        .filter(|_| !shared)
        .map(|path| {
            quote!(
                const WEIGHTS_FILE: &[u8] = include_bytes!(#path);
            )
        });
    let steps = model.graph.nodes.iter().enumerate().map(|(index, node)| {
        let step = Step {
            model,
            plan,
            index: first + index,
            node,
            t: t.clone(),
            p: private(),
            shared,
        };
        let code = match model.int8 {
            Some(_) => ops::expand_int8(&node.layer, &step, node.extra.int8.as_ref()),
            None => ops::expand(&node.layer, &step),
        };
        let label = &node.extra.label;
        quote!(#code observer(#index, #label);)
    });
    let output_copy = plan.output_copy.map(|offset| {
        let (p, a, len) = (
            private(),
            plan.arena_len,
            model.graph.elements(model.graph.output()),
        );
        let input = input_param(model, model.graph.output());
        quote!(*#p::kernels::arena::region_mut::<#t, #a, #offset, #len>(&mut self.arena) = *#input;)
    });
    quote! {
        #file
        #(#steps)*
        #output_copy
    }
}

/// For a streaming model: each weighted layer's statics in a module of its
/// own beside the model, so that `predict` and `step` read one copy.
fn shared_statics(model: &Model, plan: &Plan) -> TokenStream {
    let t = elem_type(model.elem);
    let file = model.model_weights.as_ref().map(|path| {
        quote!(
            #[allow(dead_code)]
            const WEIGHTS_FILE: &[u8] = include_bytes!(#path);
        )
    });
    let modules = model
        .graph
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, node)| node.extra.params.is_some())
        .map(|(index, node)| {
            let step = Step {
                model,
                plan,
                index,
                node,
                t: t.clone(),
                p: private(),
                shared: false,
            };
            let statics = step.own_statics(&quote!(pub(super)));
            let module = step::shared_module(model, index);
            quote! {
                #[doc(hidden)]
                #[allow(non_snake_case)]
                mod #module {
                    #file
                    #statics
                }
            }
        });
    quote!(#(#modules)*)
}

/// A fused activation as a kernel `Clamp`.
pub(crate) fn clamp(k: &TokenStream, activation: Activation) -> TokenStream {
    match activation {
        Activation::None => quote!(#k::Clamp::none()),
        Activation::Relu => quote!(#k::Clamp::relu()),
        Activation::Relu6 => quote!(#k::Clamp::relu6()),
    }
}
