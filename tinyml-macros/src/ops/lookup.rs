//! What the element-wise activations (`sigmoid`, `tanh`, `leaky_relu`,
//! `hard_swish`) share: an in-place `kernels::unary` call in `f32` and
//! fixed point, and in `i8` an in-place lookup in the table their prepare
//! step computed.

use proc_macro2::{Span, TokenStream};
use quote::quote;

use crate::expand::Step;
use crate::ir::Int8Node;

/// `kernels::unary::<kernel>::<T, LEN>(dst, extra)` in place.
pub(super) fn expand_unary(
    step: &Step<'_>,
    kernel: &str,
    extra: Option<TokenStream>,
) -> TokenStream {
    let (t, k, len) = (&step.t, step.k(), step.output_len());
    let kernel = proc_macro2::Ident::new(kernel, Span::call_site());
    let extra = extra.map(|e| quote!(, #e));
    step.in_place(quote!(#k::unary::#kernel::<#t, #len>(dst #extra)))
}

/// `kernels::int8::lookup::lookup_in_place::<LEN>(dst, &[…])` with the
/// prepared table.
pub(super) fn expand_int8(step: &Step<'_>, prepared: Option<&Int8Node>) -> TokenStream {
    let Some(Int8Node::Lookup(table)) = prepared else {
        return step.unprepared();
    };
    let (k, len) = (step.k_int8(), step.output_len());
    let entries = table.iter();
    step.in_place(quote!(#k::lookup::lookup_in_place::<#len>(dst, &[#(#entries),*])))
}
