//! The stub emitted beside compile errors: the declared type with the API the
//! user's code expects, so one mistake in the model does not cascade into
//! "cannot find type" errors everywhere it is used.

use proc_macro2::TokenStream;
use quote::quote;

use super::elem_type;
use crate::ast::ModelDef;
use crate::check::Checked;

pub(crate) fn stub(def: &ModelDef, checked: &Checked) -> TokenStream {
    let ModelDef {
        attrs, vis, name, ..
    } = def;
    let docs = attrs.iter().filter(|attr| attr.path().is_ident("doc"));
    let t = checked.elem.map_or_else(|| quote!(f32), elem_type);
    let len = |shape: &Option<Vec<usize>>| shape.as_ref().map(|s| s.iter().product::<usize>());
    let input = match len(&checked.input_shape) {
        Some(n) => quote!([#t; #n]),
        None => quote!([#t]),
    };
    let (output, generics) = match len(&checked.output_shape) {
        Some(n) => (quote!([#t; #n]), quote!()),
        None => (quote!([#t; OUTPUT_LEN]), quote!(<const OUTPUT_LEN: usize>)),
    };
    quote! {
        #(#docs)*
        #vis struct #name {}

        impl #name {
            /// Stub: the model did not compile.
            pub const fn new() -> Self {
                Self {}
            }

            /// Stub: the model did not compile.
            pub fn predict #generics (&mut self, _input: &#input) -> &#output {
                ::core::panic!("tiny_model! reported errors")
            }
        }
    }
}
