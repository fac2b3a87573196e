//! One step of `predict`: what a layer's expansion (in `ops`) needs to know
//! of its node and the memory plan, and the code every step shares: weight
//! statics and the binding of its input and output regions.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use tinyml_spec::plan::{Plan, Storage};
use tinyml_spec::{ShapeError, Window};

use super::clamp;
use crate::ir::{Blob, Elem, Int8Node, Model, Node, Params};

/// One node of the model, being expanded.
pub(crate) struct Step<'a> {
    pub(super) model: &'a Model,
    pub(super) plan: &'a Plan,
    pub(super) index: usize,
    pub(super) node: &'a Node,
    /// The element type.
    pub(crate) t: TokenStream,
    /// `::tinyml::__private`.
    pub(super) p: TokenStream,
    /// For a streaming model, whose `predict` and `step` run the same
    /// layers: the modules holding each layer's statics once for both
    /// (see [`shared_module`]), instead of statics in the layer's block.
    pub(super) shared: bool,
}

/// The module of node `index`'s statics in a model whose code shares them.
pub(crate) fn shared_module(model: &Model, index: usize) -> proc_macro2::Ident {
    format_ident!("__tinyml_{}_layer{}", model.name, index)
}

impl Step<'_> {
    /// `::tinyml::__private::kernels`.
    pub(crate) fn k(&self) -> TokenStream {
        let p = &self.p;
        quote!(#p::kernels)
    }

    /// `::tinyml::__private::kernels::int8`.
    pub(crate) fn k_int8(&self) -> TokenStream {
        let p = &self.p;
        quote!(#p::kernels::int8)
    }

    pub(crate) fn input_shape(&self) -> &[usize] {
        self.model.graph.shape(self.node.inputs[0])
    }

    /// The shape of input `i`.
    pub(crate) fn operand_shape(&self, i: usize) -> &[usize] {
        self.node
            .inputs
            .get(i)
            .map_or(&[], |&t| self.model.graph.shape(t))
    }

    pub(crate) fn output_shape(&self) -> &[usize] {
        self.model.graph.shape(self.node.output)
    }

    /// The `[h, w, c]` of the input (the check made sure it is one); a
    /// `[steps, c]` sequence is a one-row image, as TFLite computes 1-D
    /// layers.
    pub(crate) fn image(&self) -> [usize; 3] {
        match *self.input_shape() {
            [h, w, c] => [h, w, c],
            [steps, c] => [1, steps, c],
            _ => [0; 3],
        }
    }

    pub(crate) fn input_len(&self) -> usize {
        self.model.graph.elements(self.node.inputs[0])
    }

    pub(crate) fn output_len(&self) -> usize {
        self.model.graph.elements(self.node.output)
    }

    /// The window the check computed from the same spec.
    pub(crate) fn window(&self, window: Result<Window, ShapeError>) -> Window {
        let [h, w, c] = self.image();
        window.unwrap_or_else(|_| Window::global(h, w, c))
    }

    /// The number of weights.
    pub(crate) fn weights_len(&self) -> usize {
        self.node.extra.params.as_ref().map_or(0, |p| p.weights.len)
    }

    /// The static holding the weights.
    pub(crate) fn weights(&self) -> proc_macro2::Ident {
        format_ident!("LAYER{}_WEIGHTS", self.index)
    }

    /// The static holding the bias (`f32` and fixed-point models).
    pub(crate) fn bias(&self) -> proc_macro2::Ident {
        format_ident!("LAYER{}_BIAS", self.index)
    }

    /// The fused activation as a kernel `Clamp`.
    pub(crate) fn clamp(&self) -> TokenStream {
        clamp(&self.k(), self.node.activation)
    }

    /// Code for a node that `check::int8` should have prepared: a compile
    /// error rather than wrong code, should that ever not hold.
    pub(crate) fn unprepared(&self) -> TokenStream {
        let message = format!(
            "tinyml internal error: `{}` was not prepared for `i8`",
            self.node.extra.label
        );
        quote!(::core::compile_error!(#message);)
    }

    /// The parameter of `predict` that holds model input `tensor`: `input`,
    /// or the input's name in a model with several.
    pub(crate) fn external(&self, tensor: usize) -> proc_macro2::Ident {
        super::input_param(self.model, tensor)
    }

    /// A kernel reading one input: its statics, `src` and `dst`, the call.
    pub(crate) fn kernel(&self, call: TokenStream) -> TokenStream {
        let statics = self.statics();
        let bind = self.bind_one();
        quote!({ #statics #bind #call; })
    }

    /// The length of the node's scratch region (`lstm`'s state), 0 for most.
    pub(crate) fn scratch_len(&self) -> usize {
        let int8 = self.model.elem == crate::ir::Elem::Int8;
        self.node.layer.scratch(self.input_shape(), int8)
    }

    /// A kernel reading one input and working in its scratch region:
    /// its statics, `src`, `dst` and `scratch`, the call.
    pub(crate) fn kernel_with_scratch(&self, call: TokenStream) -> TokenStream {
        let (t, p, a) = (&self.t, &self.p, self.plan.arena_len);
        let (out_len, scratch_len) = (self.output_len(), self.scratch_len());
        let (Storage::Arena(out), Some(Some(scratch))) = (
            self.plan.storage[self.node.output],
            self.plan.scratch.get(self.index),
        ) else {
            return self.unprepared();
        };
        let input = self.node.inputs[0];
        let bind = match self.plan.storage[input] {
            Storage::External => {
                let param = self.external(input);
                quote! {
                    let src = #param;
                    let (dst, scratch) = #p::kernels::arena::output_scratch::<#t, #a, #out, #out_len, #scratch, #scratch_len>(&mut self.arena);
                }
            }
            Storage::Arena(offset) => {
                let len = self.model.graph.elements(input);
                quote! {
                    let (src, dst, scratch) = #p::kernels::arena::split_scratch::<
                        #t, #a, #offset, #len, #out, #out_len, #scratch, #scratch_len>(&mut self.arena);
                }
            }
        };
        let statics = self.statics();
        quote!({ #statics #bind #call; })
    }

    /// Whether the plan put the output in the input's buffer (a kernel with
    /// an in-place entry then calls it, through [`Step::kernel_in_place`]).
    pub(crate) fn shares_input_buffer(&self) -> bool {
        let (input, output) = (
            self.plan.storage[self.node.inputs[0]],
            self.plan.storage[self.node.output],
        );
        matches!(input, Storage::Arena(_)) && input == output
    }

    /// A kernel that works in place: its statics, `buffer` (the input's
    /// region, whose start receives the output), the call.
    pub(crate) fn kernel_in_place(&self, call: TokenStream) -> TokenStream {
        let (t, p, a) = (&self.t, &self.p, self.plan.arena_len);
        let Storage::Arena(offset) = self.plan.storage[self.node.inputs[0]] else {
            return self.unprepared();
        };
        let len = self.input_len();
        let statics = self.statics();
        quote!({
            #statics
            let buffer = #p::kernels::arena::region_mut::<#t, #a, #offset, #len>(&mut self.arena);
            #call;
        })
    }

    /// An op that works in place on `dst`: copies its input over first when
    /// the planner could not let it share the input's memory.
    pub(crate) fn in_place(&self, call: TokenStream) -> TokenStream {
        let (t, p, a) = (&self.t, &self.p, self.plan.arena_len);
        let len = self.output_len();
        let (input, output) = (
            self.plan.storage[self.node.inputs[0]],
            self.plan.storage[self.node.output],
        );
        let Storage::Arena(out) = output else {
            return self.unprepared();
        };
        let bind = if input == output {
            quote!(let dst = #p::kernels::arena::region_mut::<#t, #a, #out, #len>(&mut self.arena);)
        } else {
            let bind = self.bind_one();
            quote!(#bind *dst = *src;)
        };
        quote!({ #bind #call; })
    }

    /// A kernel reading two inputs: `lhs`, `rhs`, `dst`, the call.
    pub(crate) fn binary(&self, call: TokenStream) -> TokenStream {
        let (t, p, a) = (&self.t, &self.p, self.plan.arena_len);
        let k = quote!(#p::kernels);
        let len = self.output_len();
        let (xl, yl) = (
            self.model.graph.elements(self.node.inputs[0]),
            self.model.graph.elements(self.node.inputs[1]),
        );
        let Storage::Arena(out) = self.plan.storage[self.node.output] else {
            return self.unprepared();
        };
        let offset = |tensor: usize| match self.plan.storage[tensor] {
            Storage::Arena(offset) => Some(offset),
            Storage::External => None,
        };
        let (x_in, y_in) = (
            self.external(self.node.inputs[0]),
            self.external(self.node.inputs[1]),
        );
        let bind = match (offset(self.node.inputs[0]), offset(self.node.inputs[1])) {
            (Some(x), Some(y)) => {
                quote!(let (lhs, rhs, dst) = #k::arena::split2::<#t, #a, #x, #xl, #y, #yl, #out, #len>(&mut self.arena);)
            }
            (Some(x), None) => {
                quote!(let rhs = #y_in; let (lhs, dst) = #k::arena::split::<#t, #a, #x, #xl, #out, #len>(&mut self.arena);)
            }
            (None, Some(y)) => {
                quote!(let lhs = #x_in; let (rhs, dst) = #k::arena::split::<#t, #a, #y, #yl, #out, #len>(&mut self.arena);)
            }
            (None, None) => {
                quote!(let (lhs, rhs) = (#x_in, #y_in); let dst = #k::arena::region_mut::<#t, #a, #out, #len>(&mut self.arena);)
            }
        };
        quote!({ #bind #call; })
    }

    /// `concat`: per operand, `src` bound to it and `dst` to the output,
    /// then `copy(i)`.
    pub(crate) fn each_operand(&self, copy: impl Fn(usize) -> TokenStream) -> TokenStream {
        let statements = (0..self.node.inputs.len()).map(|i| {
            let bind = self.bind_input(self.node.inputs[i]);
            let call = copy(i);
            quote!({ #bind #call; })
        });
        quote!(#(#statements)*)
    }

    /// `src` (the input, external or in the arena) and `dst` (the output
    /// region).
    fn bind_one(&self) -> TokenStream {
        self.bind_input(self.node.inputs[0])
    }

    fn bind_input(&self, input: usize) -> TokenStream {
        let (t, p, a) = (&self.t, &self.p, self.plan.arena_len);
        let out_len = self.output_len();
        let Storage::Arena(out) = self.plan.storage[self.node.output] else {
            return self.unprepared();
        };
        let param = self.external(input);
        match self.plan.storage[input] {
            Storage::External => quote! {
                let src = #param;
                let dst = #p::kernels::arena::region_mut::<#t, #a, #out, #out_len>(&mut self.arena);
            },
            Storage::Arena(offset) => {
                let len = self.model.graph.elements(input);
                quote!(let (src, dst) = #p::kernels::arena::split::<#t, #a, #offset, #len, #out, #out_len>(&mut self.arena);)
            }
        }
    }

    /// The layer's weight statics, if it has weights (or, shared, their import).
    fn statics(&self) -> TokenStream {
        match (&self.node.extra.params, self.shared) {
            (None, _) => TokenStream::new(),
            (Some(_), true) => {
                let module = shared_module(self.model, self.index);
                quote!(use #module::*;)
            }
            (Some(_), false) => self.own_statics(&TokenStream::new()),
        }
    }

    /// The layer's weight statics, declared with visibility `vis`.
    pub(super) fn own_statics(&self, vis: &TokenStream) -> TokenStream {
        let Some(params) = &self.node.extra.params else {
            return TokenStream::new();
        };
        match &self.node.extra.int8 {
            Some(prepared) => self.int8_statics(params, prepared, vis),
            None => {
                let weights = self.decoded(self.weights(), &params.weights, vis);
                // A constant operand has no bias.
                let bias =
                    (params.bias.len > 0).then(|| self.decoded(self.bias(), &params.bias, vis));
                quote!(#weights #bias)
            }
        }
    }

    /// `static LAYER{i}_WEIGHTS: [T; N]`, decoded at compile time from the
    /// included f32 bytes.
    fn decoded(&self, name: proc_macro2::Ident, blob: &Blob, vis: &TokenStream) -> TokenStream {
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
            Elem::Fixed { bits, frac } => {
                let decoder = format_ident!("fixed_i{}_from_f32_le", bits);
                let frac = format_ident!("U{}", frac);
                quote!(#p::kernels::weights::#decoder::<#p::fixed::types::extra::#frac, #len>(#bytes))
            }
            Elem::F32 | Elem::Int8 => quote!(#p::kernels::weights::f32_le::<#len>(#bytes)),
        };
        quote! {
            #[allow(long_running_const_eval)]
            #vis static #name: [#t; #len] = #decode;
        }
    }

    /// The `i8` weights, read in place from the `.tmw` file, and the
    /// prepared per-channel arrays as literals.
    fn int8_statics(&self, params: &Params, prepared: &Int8Node, vis: &TokenStream) -> TokenStream {
        let p = &self.p;
        let (len, offset) = (params.weights.len, params.weights.offset);
        let weights = self.weights();
        let decoded = quote! {
            #[allow(long_running_const_eval)]
            #vis static #weights: [i8; #len] =
                #p::kernels::int8::weights::i8_array::<#len>(WEIGHTS_FILE.split_at(#offset).1.split_at(#len).0);
        };
        let array = |name: &str, values: &[i32]| {
            let (name, n) = (format_ident!("{}", name), values.len());
            quote!(#vis static #name: [i32; #n] = [#(#values),*];)
        };
        match prepared {
            Int8Node::PerChannel {
                multipliers,
                shifts,
                bias,
                ..
            } => {
                let (m, s, b) = (
                    array("MULTIPLIERS", multipliers),
                    array("SHIFTS", shifts),
                    array("BIAS", bias),
                );
                quote!(#decoded #m #s #b)
            }
            Int8Node::PerTensor { bias, .. } | Int8Node::Lstm { bias, .. } => {
                let b = array("BIAS", bias);
                quote!(#decoded #b)
            }
            _ => decoded,
        }
    }
}
