//! What `slice` and `transpose` share: one strided copy of the input,
//! whose walk the layer computes from its shapes, for every element type.

use proc_macro2::TokenStream;
use quote::quote;
use tinyml_kernels::strided::Strided;

use crate::expand::Step;

/// The step copying its input along `walk` (`None`: the check let through
/// a layer that does not fit, which is a tinyml bug).
pub(super) fn expand(step: &Step<'_>, t: &TokenStream, walk: Option<Strided>) -> TokenStream {
    let Some(Strided {
        start,
        dims,
        strides,
    }) = walk
    else {
        return quote!(::core::compile_error!("tinyml internal error: a strided copy does not fit its input"););
    };
    let k = step.k();
    let (n, out) = (step.input_len(), step.output_len());
    step.kernel(quote! {
        #k::strided::copy_strided::<#t, #n, #out>(
            src,
            dst,
            &#k::strided::Strided { start: #start, dims: [#(#dims),*], strides: [#(#strides),*] },
        )
    })
}
