//! The stub emitted beside compile errors: the declared type with every item
//! that `expand::model` generates (`expand/mod.rs`, and for `i8` models
//! `expand/int8.rs`'s `quantization_items`), with the same signatures, so one
//! mistake in the model gives one error rather than a cascade of "no
//! associated item" errors wherever the model is used.
//!
//! Shapes and lengths come from [`Checked`] where the checks got that far;
//! everything else (counts, quantization parameters, unknown shapes) is a
//! placeholder. Nothing here ever runs: the crate does not compile.

use proc_macro2::Ident;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::elem_type;
use crate::ast::ModelDef;
use crate::check::Checked;
use crate::ir::Elem;

pub(crate) fn stub(def: &ModelDef, checked: &Checked) -> TokenStream {
    let ModelDef {
        attrs, vis, name, ..
    } = def;
    let docs = attrs.iter().filter(|attr| attr.path().is_ident("doc"));
    let t = checked.elem.map_or_else(|| quote!(f32), elem_type);
    if let Some((inputs, outputs)) = &checked.ports {
        let stub = port_stub(def, checked.elem == Some(Elem::Int8), &t, inputs, outputs);
        return quote!(#(#docs)* #stub);
    }
    let input = Side::new(checked.input_shape.as_deref(), quote!(N));
    let output = Side::new(checked.output_shape.as_deref(), quote!(M));
    let (input_rank, input_shape, input_len) = input.consts();
    let (output_rank, output_shape, output_len) = output.consts();
    // A known input is an array, an unknown one a slice (any array coerces to
    // it); an unknown output length is inferred from the caller's annotation.
    let input_ty = match input.len {
        Some(n) => quote!([#t; #n]),
        None => quote!([#t]),
    };
    let output_ty = output.array(&t);
    let output_generics = output.generics();
    let quantization = (checked.elem == Some(Elem::Int8)).then(|| {
        let input_f32 = input.array(&quote!(f32));
        let input_i8 = input.array(&quote!(i8));
        let output_i8 = output.array(&quote!(i8));
        let output_f32 = output.array(&quote!(f32));
        // As `predict`'s input: an array if known, else a slice.
        let input_f32_any = match input.len {
            Some(n) => quote!([f32; #n]),
            None => quote!([f32]),
        };
        let (input_generics, output_generics) = (input.generics(), output.generics());
        quote! {
            /// Stub: the model did not compile.
            pub const INPUT_SCALE: f32 = 0.0;
            /// Stub: the model did not compile.
            pub const INPUT_ZERO_POINT: i32 = 0;
            /// Stub: the model did not compile.
            pub const OUTPUT_SCALE: f32 = 0.0;
            /// Stub: the model did not compile.
            pub const OUTPUT_ZERO_POINT: i32 = 0;

            /// Stub: the model did not compile.
            pub fn quantize #input_generics (_input: &#input_f32) -> #input_i8 {
                ::core::panic!("tiny_model! reported errors")
            }

            /// Stub: the model did not compile.
            pub fn dequantize #output_generics (_output: &#output_i8) -> #output_f32 {
                ::core::panic!("tiny_model! reported errors")
            }

            /// Stub: the model did not compile.
            pub fn predict_f32 #output_generics (&mut self, _input: &#input_f32_any) -> #output_f32 {
                ::core::panic!("tiny_model! reported errors")
            }
        }
    });
    let streaming = def
        .body
        .as_ref()
        .is_ok_and(|body| crate::check::streaming_tokens(body).next().is_some());
    let stream_items = streaming.then(|| {
        let frame_len = checked
            .input_shape
            .as_ref()
            .and_then(|s| s.get(1).copied())
            .unwrap_or(0);
        quote! {
            /// Stub: the model did not compile.
            pub const FRAME_LEN: usize = #frame_len;
            /// Stub: the model did not compile.
            pub const STATE_BYTES: usize = 0;

            /// Stub: the model did not compile.
            pub fn step #output_generics (&mut self, _frame: &[#t]) -> ::core::option::Option<&#output_ty> {
                ::core::panic!("tiny_model! reported errors")
            }

            /// Stub: the model did not compile.
            pub fn reset(&mut self) {}
        }
    });
    quote! {
        #(#docs)*
        #vis struct #name {}

        impl #name {
            /// Stub: the model did not compile.
            pub const INPUT_SHAPE: [usize; #input_rank] = [#(#input_shape),*];
            /// Stub: the model did not compile.
            pub const INPUT_LEN: usize = #input_len;
            /// Stub: the model did not compile.
            pub const OUTPUT_SHAPE: [usize; #output_rank] = [#(#output_shape),*];
            /// Stub: the model did not compile.
            pub const OUTPUT_LEN: usize = #output_len;
            /// Stub: the model did not compile.
            pub const PARAMS: usize = 0;
            /// Stub: the model did not compile.
            pub const MACS: usize = 0;
            /// Stub: the model did not compile.
            pub const RAM_BYTES: usize = 0;

            /// Stub: the model did not compile.
            pub const fn new() -> Self {
                Self {}
            }

            #quantization
            #stream_items

            /// Stub: the model did not compile.
            pub fn predict #output_generics (&mut self, _input: &#input_ty) -> &#output_ty {
                ::core::panic!("tiny_model! reported errors")
            }

            /// Stub: the model did not compile.
            pub fn predict_observed #output_generics (
                &mut self,
                _input: &#input_ty,
                _observer: impl FnMut(usize, &'static str),
            ) -> &#output_ty {
                ::core::panic!("tiny_model! reported errors")
            }
        }

        impl ::core::default::Default for #name {
            fn default() -> Self {
                Self::new()
            }
        }
    }
}

/// The stub of a model with several inputs or outputs (their names and
/// shapes known): `expand::ports`' items with the same signatures.
fn port_stub(
    def: &ModelDef,
    int8: bool,
    t: &TokenStream,
    inputs: &[(Ident, Vec<usize>)],
    outputs: &[(Ident, Vec<usize>)],
) -> TokenStream {
    let (vis, name) = (&def.vis, &def.name);
    let consts = |ports: &[(Ident, Vec<usize>)], single: &str| {
        let names: Vec<Option<&Ident>> = ports.iter().map(|(name, _)| Some(name)).collect();
        let prefixes = super::ports::const_prefixes(&names, single);
        let items = ports.iter().zip(prefixes).map(|((_, shape), prefix)| {
            let (shape_name, len_name) = (
                format_ident!("{prefix}_SHAPE"),
                format_ident!("{prefix}_LEN"),
            );
            let (rank, len) = (shape.len(), shape.iter().product::<usize>());
            let scale = int8.then(|| {
                let (scale, zp) = (
                    format_ident!("{prefix}_SCALE"),
                    format_ident!("{prefix}_ZERO_POINT"),
                );
                quote!(/// Stub: the model did not compile.
                    pub const #scale: f32 = 0.0;
                    /// Stub: the model did not compile.
                    pub const #zp: i32 = 0;)
            });
            quote! {
                /// Stub: the model did not compile.
                pub const #shape_name: [usize; #rank] = [#(#shape),*];
                /// Stub: the model did not compile.
                pub const #len_name: usize = #len;
                #scale
            }
        });
        quote!(#(#items)*)
    };
    let (input_consts, output_consts) = (consts(inputs, "INPUT"), consts(outputs, "OUTPUT"));
    let names: Vec<Ident> = inputs
        .iter()
        .map(|(n, _)| format_ident!("_{}", n))
        .collect();
    let lens = |ports: &[(Ident, Vec<usize>)]| -> Vec<usize> {
        ports.iter().map(|(_, s)| s.iter().product()).collect()
    };
    let (in_lens, out_lens) = (lens(inputs), lens(outputs));
    let struct_name = format_ident!("{}Outputs", name);
    let (outputs_struct, result) = if outputs.len() > 1 {
        let fields = outputs.iter().map(|(field, _)| field);
        (
            quote! {
                /// Stub: the model did not compile.
                #[derive(Clone, Copy, Debug)]
                #vis struct #struct_name<'a> { #(pub #fields: &'a [#t; #out_lens]),* }
            },
            quote!(#struct_name<'_>),
        )
    } else {
        let len = out_lens[0];
        (quote!(), quote!(&[#t; #len]))
    };
    let predict_f32 = int8.then(|| {
        let result = if outputs.len() > 1 {
            quote!((#([f32; #out_lens]),*))
        } else {
            let len = out_lens[0];
            quote!([f32; #len])
        };
        quote! {
            /// Stub: the model did not compile.
            pub fn predict_f32(&mut self, #(#names: &[f32; #in_lens]),*) -> #result {
                ::core::panic!("tiny_model! reported errors")
            }
        }
    });
    quote! {
        #vis struct #name {}

        #outputs_struct

        impl #name {
            #input_consts
            #output_consts
            /// Stub: the model did not compile.
            pub const PARAMS: usize = 0;
            /// Stub: the model did not compile.
            pub const MACS: usize = 0;
            /// Stub: the model did not compile.
            pub const RAM_BYTES: usize = 0;

            /// Stub: the model did not compile.
            pub const fn new() -> Self {
                Self {}
            }

            #predict_f32

            /// Stub: the model did not compile.
            pub fn predict(&mut self, #(#names: &[#t; #in_lens]),*) -> #result {
                ::core::panic!("tiny_model! reported errors")
            }

            /// Stub: the model did not compile.
            pub fn predict_observed(
                &mut self,
                #(#names: &[#t; #in_lens],)*
                _observer: impl FnMut(usize, &'static str),
            ) -> #result {
                ::core::panic!("tiny_model! reported errors")
            }
        }

        impl ::core::default::Default for #name {
            fn default() -> Self {
                Self::new()
            }
        }
    }
}

/// The model's input or output as far as the checks got.
struct Side<'a> {
    shape: Option<&'a [usize]>,
    len: Option<usize>,
    /// The const generic standing in for an unknown length.
    generic: TokenStream,
}

impl<'a> Side<'a> {
    fn new(shape: Option<&'a [usize]>, generic: TokenStream) -> Self {
        let len = shape.map(|s| s.iter().product());
        Self {
            shape,
            len,
            generic,
        }
    }

    /// Rank, dimensions and length for the shape consts; a placeholder empty
    /// shape of length 0 when unknown.
    fn consts(&self) -> (usize, &'a [usize], usize) {
        let shape = self.shape.unwrap_or_default();
        (shape.len(), shape, self.len.unwrap_or(0))
    }

    /// `[elem; len]`, with the const generic for an unknown length.
    fn array(&self, elem: &TokenStream) -> TokenStream {
        match self.len {
            Some(n) => quote!([#elem; #n]),
            None => {
                let g = &self.generic;
                quote!([#elem; #g])
            }
        }
    }

    /// `<const M: usize>` when the length is unknown.
    fn generics(&self) -> TokenStream {
        match self.len {
            Some(_) => quote!(),
            None => {
                let g = &self.generic;
                quote!(<const #g: usize>)
            }
        }
    }
}
