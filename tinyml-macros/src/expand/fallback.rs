//! The stub emitted beside compile errors: the declared type with every item
//! that `expand::model` generates (`expand/mod.rs`, and for `i8` models
//! `expand/int8.rs`'s `quantization_items`), with the same signatures, so one
//! mistake in the model gives one error rather than a cascade of "no
//! associated item" errors wherever the model is used.
//!
//! Shapes and lengths come from [`Checked`] where the checks got that far;
//! everything else (counts, quantization parameters, unknown shapes) is a
//! placeholder. Nothing here ever runs: the crate does not compile.

use proc_macro2::TokenStream;
use quote::quote;

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
