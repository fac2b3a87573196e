//! Code generation: the model struct, its consts, and `predict` as a straight
//! sequence of kernel calls on fixed arena regions.

mod docs;
mod fallback;
mod int8;
mod layers;

pub(crate) use fallback::stub;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Elem, Model, Window};
use crate::plan::{Plan, Storage};

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
        ..
    } = model;
    let t = elem_type(*elem);
    let p = private();
    let input = &model.tensors[0];
    let output = &model.tensors[model.output];
    let (input_len, output_len) = (input.len(), output.len());
    let (input_shape, output_shape) = (&input.shape, &output.shape);
    let (input_rank, output_rank) = (input_shape.len(), output_shape.len());
    let arena_len = plan.arena_len;
    let params: usize = model
        .nodes
        .iter()
        .filter_map(|n| n.op.params())
        .map(|p| p.weights.len + p.bias.len)
        .sum();
    let macs: usize = model
        .nodes
        .iter()
        .map(|n| n.op.macs(model.tensors[n.output].len()))
        .sum();
    let doc_table = docs::table(model, plan, params, macs);
    let body = layers::predict_body(model, plan, false);
    let observed_body = layers::predict_body(model, plan, true);
    let zero = match elem {
        Elem::Int8 => quote!(0),
        _ => quote!(<#t as #p::kernels::Element>::ZERO),
    };
    let quantization = model
        .int8
        .as_ref()
        .map(|int8| int8::quantization_items(int8, input_len, output_len));
    let output_offset = match (plan.output_copy, plan.storage[model.output]) {
        (Some(offset), _) | (None, Storage::Arena(offset)) => offset,
        (None, Storage::External) => unreachable!("the planner copies an external output"),
    };
    quote! {
        #(#attrs)*
        #[doc = #doc_table]
        #vis struct #name {
            arena: [#t; #arena_len],
        }

        impl #name {
            /// Shape of the input, row-major (height, width, channels for images).
            pub const INPUT_SHAPE: [usize; #input_rank] = [#(#input_shape),*];
            /// Number of input values: the product of [`Self::INPUT_SHAPE`].
            pub const INPUT_LEN: usize = #input_len;
            /// Shape of the output.
            pub const OUTPUT_SHAPE: [usize; #output_rank] = [#(#output_shape),*];
            /// Number of output values.
            pub const OUTPUT_LEN: usize = #output_len;
            /// Weights and biases, counted in values.
            pub const PARAMS: usize = #params;
            /// Multiply-accumulates per inference.
            pub const MACS: usize = #macs;
            /// Activation memory held by the model, in bytes: the arena that
            /// every layer's input and output are planned into at compile time.
            pub const RAM_BYTES: usize = #arena_len * ::core::mem::size_of::<#t>();

            /// A model with zeroed activation memory; `const`, so it can live in a `static`.
            pub const fn new() -> Self {
                Self { arena: [#zero; #arena_len] }
            }

            #quantization

            /// Runs one inference on a row-major (HWC) input. Allocates
            /// nothing; the result borrows the model's activation memory.
            pub fn predict(&mut self, input: &[#t; #input_len]) -> &[#t; #output_len] {
                #body
                #p::kernels::arena::region::<#t, #arena_len, #output_offset, #output_len>(&self.arena)
            }

            /// [`Self::predict`], calling `observer(index, layer)` after each
            /// layer: for per-layer timing or tracing. `index` counts the rows
            /// of the layer table in this type's docs from 0.
            pub fn predict_observed(
                &mut self,
                input: &[#t; #input_len],
                mut observer: impl FnMut(usize, &'static str),
            ) -> &[#t; #output_len] {
                #observed_body
                #p::kernels::arena::region::<#t, #arena_len, #output_offset, #output_len>(&self.arena)
            }
        }

        impl ::core::default::Default for #name {
            fn default() -> Self {
                Self::new()
            }
        }
    }
}
