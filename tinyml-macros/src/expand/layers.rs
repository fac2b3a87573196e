//! The body of `predict`: weight statics, then one kernel call per node on
//! planned arena regions.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{elem_type, private, window_generics};
use crate::ir::{Activation, Blob, Elem, Model, Node, Op, Params};
use crate::plan::{Plan, Storage};

pub(super) struct Ctx<'a> {
    pub(super) model: &'a Model,
    pub(super) plan: &'a Plan,
    /// The element type.
    pub(super) t: TokenStream,
    /// `::tinyml::__private`.
    pub(super) p: TokenStream,
}

/// With `observe`, the body calls `observer(index, label)` after each layer
/// (for `predict_observed`).
pub(crate) fn predict_body(model: &Model, plan: &Plan, observe: bool) -> TokenStream {
    let cx = Ctx {
        model,
        plan,
        t: elem_type(model.elem),
        p: private(),
    };
    let file = model.model_weights.as_ref().map(|path| {
        quote!(
            const WEIGHTS_FILE: &[u8] = include_bytes!(#path);
        )
    });
    let steps = model.nodes.iter().enumerate().map(|(index, node)| {
        let step = cx.node(index, node);
        let label = &node.label;
        let hook = observe.then(|| quote!(observer(#index, #label);));
        quote!(#step #hook)
    });
    let output_copy = plan.output_copy.map(|offset| {
        let (t, p, a, len) = (
            &cx.t,
            &cx.p,
            plan.arena_len,
            model.tensors[model.output].len(),
        );
        quote!(*#p::kernels::arena::region_mut::<#t, #a, #offset, #len>(&mut self.arena) = *input;)
    });
    quote! {
        #file
        #(#steps)*
        #output_copy
    }
}

impl Ctx<'_> {
    fn node(&self, index: usize, node: &Node) -> TokenStream {
        if let Some(int8) = &self.model.int8 {
            return self.int8_node(index, node, int8.nodes[index].as_ref());
        }
        let (t, p) = (&self.t, &self.p);
        let k = quote!(#p::kernels);
        let input_len = self.model.tensors[node.inputs[0]].len();
        let output_len = self.model.tensors[node.output].len();
        let statics = node.op.params().map(|params| self.statics(index, params));
        let (w, b) = (
            format_ident!("LAYER{}_WEIGHTS", index),
            format_ident!("LAYER{}_BIAS", index),
        );
        let call = match &node.op {
            Op::Conv2d {
                window,
                filters,
                params,
                activation,
            } => {
                let (clamp, wn) = (clamp(&k, *activation), params.weights.len);
                let g = window_generics(window, Some(*filters));
                quote!(#k::conv::conv2d::<#t, #g, #input_len, #output_len, #wn>(src, &#w, &#b, dst, #clamp))
            }
            Op::DepthwiseConv2d {
                window,
                multiplier,
                params,
                activation,
            } => {
                let (oc, wn) = (window.in_c * multiplier, params.weights.len);
                let (clamp, g) = (
                    clamp(&k, *activation),
                    window_generics(window, Some(*multiplier)),
                );
                quote!(#k::conv::depthwise_conv2d::<#t, #g, #oc, #input_len, #output_len, #wn>(src, &#w, &#b, dst, #clamp))
            }
            Op::Dense {
                inputs,
                units,
                params,
                activation,
            } => {
                let (clamp, wn) = (clamp(&k, *activation), params.weights.len);
                quote!(#k::fully_connected::dense::<#t, #inputs, #units, #wn>(src, &#w, &#b, dst, #clamp))
            }
            Op::MaxPool { window, activation } | Op::AvgPool { window, activation } => {
                let kernel = if matches!(node.op, Op::MaxPool { .. }) {
                    quote!(max_pool)
                } else {
                    quote!(avg_pool)
                };
                let (clamp, g) = (clamp(&k, *activation), window_generics(window, None));
                quote!(#k::pooling::#kernel::<#t, #g, #input_len, #output_len>(src, dst, #clamp))
            }
            Op::GlobalAvgPool => {
                let [h, w, c] = self.model.tensors[node.inputs[0]].shape[..] else {
                    unreachable!("checked rank")
                };
                quote!(#k::pooling::global_avg_pool::<#t, #h, #w, #c, #input_len>(src, dst))
            }
            Op::Clamp(activation) => {
                let clamp = clamp(&k, *activation);
                return self.in_place(
                    node,
                    quote!(#k::activation::clamp_in_place::<#t, #output_len>(dst, #clamp)),
                );
            }
            Op::Softmax => {
                return self.in_place(
                    node,
                    quote!(#k::softmax::softmax_in_place::<#t, #output_len>(dst)),
                );
            }
            Op::Reshape => return quote!(),
            Op::Add { activation } => return self.add(node, *activation),
        };
        let bind = self.bind_one(node);
        quote! {
            {
                #statics
                #bind
                #call;
            }
        }
    }

    /// `src` (the input, external or in the arena) and `dst` (the output region).
    pub(super) fn bind_one(&self, node: &Node) -> TokenStream {
        let (t, p, a) = (&self.t, &self.p, self.plan.arena_len);
        let out_len = self.model.tensors[node.output].len();
        let Storage::Arena(out) = self.plan.storage[node.output] else {
            unreachable!("kernels write the arena")
        };
        let input = node.inputs[0];
        match self.plan.storage[input] {
            Storage::External => quote! {
                let src = input;
                let dst = #p::kernels::arena::region_mut::<#t, #a, #out, #out_len>(&mut self.arena);
            },
            Storage::Arena(offset) => {
                let len = self.model.tensors[input].len();
                quote!(let (src, dst) = #p::kernels::arena::split::<#t, #a, #offset, #len, #out, #out_len>(&mut self.arena);)
            }
        }
    }

    /// An op that works in place: copies its input over first when the
    /// planner could not let it share the input's memory.
    pub(super) fn in_place(&self, node: &Node, call: TokenStream) -> TokenStream {
        let (t, p, a) = (&self.t, &self.p, self.plan.arena_len);
        let len = self.model.tensors[node.output].len();
        let (input, output) = (
            self.plan.storage[node.inputs[0]],
            self.plan.storage[node.output],
        );
        let Storage::Arena(out) = output else {
            unreachable!("in-place ops write the arena")
        };
        let bind = if input == output {
            quote!(let dst = #p::kernels::arena::region_mut::<#t, #a, #out, #len>(&mut self.arena);)
        } else {
            let bind = self.bind_one(node);
            quote!(#bind *dst = *src;)
        };
        quote!({ #bind #call; })
    }

    fn add(&self, node: &Node, activation: Activation) -> TokenStream {
        let (t, p) = (&self.t, &self.p);
        let len = self.model.tensors[node.output].len();
        let bind = self.bind_two(node);
        let clamp = clamp(&quote!(#p::kernels), activation);
        quote!({ #bind #p::kernels::elementwise::add::<#t, #len>(lhs, rhs, dst, #clamp); })
    }

    /// `lhs` and `rhs` (the two inputs) and `dst` (the output region) of `add`.
    pub(super) fn bind_two(&self, node: &Node) -> TokenStream {
        let (t, p, a) = (&self.t, &self.p, self.plan.arena_len);
        let k = quote!(#p::kernels);
        let len = self.model.tensors[node.output].len();
        let Storage::Arena(out) = self.plan.storage[node.output] else {
            unreachable!("add writes the arena")
        };
        let offset = |tensor: usize| match self.plan.storage[tensor] {
            Storage::Arena(offset) => Some(offset),
            Storage::External => None,
        };
        match (offset(node.inputs[0]), offset(node.inputs[1])) {
            (Some(x), Some(y)) => {
                quote!(let (lhs, rhs, dst) = #k::arena::split2::<#t, #a, #x, #len, #y, #len, #out, #len>(&mut self.arena);)
            }
            (Some(x), None) => {
                quote!(let rhs = input; let (lhs, dst) = #k::arena::split::<#t, #a, #x, #len, #out, #len>(&mut self.arena);)
            }
            (None, Some(y)) => {
                quote!(let lhs = input; let (rhs, dst) = #k::arena::split::<#t, #a, #y, #len, #out, #len>(&mut self.arena);)
            }
            (None, None) => {
                quote!(let (lhs, rhs) = (input, input); let dst = #k::arena::region_mut::<#t, #a, #out, #len>(&mut self.arena);)
            }
        }
    }

    /// `static LAYER{i}_WEIGHTS` and `_BIAS`, decoded at compile time from
    /// the included bytes.
    fn statics(&self, index: usize, params: &Params) -> TokenStream {
        let weights = self.decoded(format_ident!("LAYER{}_WEIGHTS", index), &params.weights);
        let bias = self.decoded(format_ident!("LAYER{}_BIAS", index), &params.bias);
        quote!(#weights #bias)
    }

    fn decoded(&self, name: proc_macro2::Ident, blob: &Blob) -> TokenStream {
        let (t, p) = (&self.t, &self.p);
        let len = blob.len;
        let bytes = match &blob.file {
            Some(path) => quote!(include_bytes!(#path)),
            None => {
                let (offset, size) = (blob.offset, blob.len * 4);
                quote!(WEIGHTS_FILE.split_at(#offset).1.split_at(#size).0)
            }
        };
        let decode = match self.model.elem {
            Elem::F32 => quote!(#p::kernels::weights::f32_le::<#len>(#bytes)),
            Elem::Fixed { bits, frac } => {
                let decoder = format_ident!("fixed_i{}_from_f32_le", bits);
                let frac = format_ident!("U{}", frac);
                quote!(#p::kernels::weights::#decoder::<#p::fixed::types::extra::#frac, #len>(#bytes))
            }
            Elem::Int8 => unreachable!("int8 weights are decoded by expand::int8"),
        };
        quote! {
            #[allow(long_running_const_eval)]
            static #name: [#t; #len] = #decode;
        }
    }
}

fn clamp(k: &TokenStream, activation: Activation) -> TokenStream {
    match activation {
        Activation::None => quote!(#k::Clamp::none()),
        Activation::Relu => quote!(#k::Clamp::relu()),
        Activation::Relu6 => quote!(#k::Clamp::relu6()),
    }
}
