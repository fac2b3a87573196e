//! What the pools share (`max_pool`, `avg_pool` and their 1-D forms):
//! reading the call and the kernel call, which differ only in the kernel's
//! name and the window (a 1-D pool is the 2-D kernel on a one-row image).

use proc_macro2::{Span, TokenStream};
use quote::quote;
use tinyml_spec::ops::{Pool, Pool1d};
use tinyml_spec::{ShapeError, Window};

use crate::ast::LayerCall;
use crate::check::args::{self, Signature};
use crate::ctxt::Ctxt;
use crate::expand::{Step, int8::pool_quant, window_generics};
use crate::ir::Int8Node;

/// `max_pool(KHxKW, …)`'s signature, with `name` in its usage line.
pub(super) const fn signature(usage: &'static str) -> Signature {
    Signature {
        usage,
        positional: &["pool size"],
        named: &["stride", "padding"],
    }
}

pub(super) fn parse(call: &LayerCall, signature: &Signature, cx: &Ctxt) -> Option<Pool> {
    let args = args::read(call, signature, cx)?;
    let (kernel, stride, padding) = args::window(&args, 0, true, cx)?;
    Some(Pool {
        kernel,
        stride,
        padding,
    })
}

pub(super) fn parse1d(call: &LayerCall, signature: &Signature, cx: &Ctxt) -> Option<Pool1d> {
    let args = args::read(call, signature, cx)?;
    let (kernel, stride, padding) = args::window1d(&args, 0, true, cx)?;
    Some(Pool1d {
        kernel,
        stride,
        padding,
    })
}

/// A window that does not fit goes on the pool size.
pub(super) fn error_span(call: &LayerCall, error: &ShapeError) -> Option<Span> {
    error
        .blames_kernel()
        .then(|| args::positional_span(call, 0))
        .flatten()
}

/// `kernels::pooling::<kernel>` (`f32`, fixed point) on `window`.
pub(super) fn expand(
    window: Result<Window, ShapeError>,
    kernel: &'static str,
    step: &Step<'_>,
) -> TokenStream {
    let (t, k, clamp) = (&step.t, step.k(), step.clamp());
    let kernel = proc_macro2::Ident::new(kernel, Span::call_site());
    let (il, ol) = (step.input_len(), step.output_len());
    let g = window_generics(&step.window(window), None);
    step.kernel(quote!(#k::pooling::#kernel::<#t, #g, #il, #ol>(src, dst, #clamp)))
}

/// `kernels::int8::pooling::<kernel>` on `window`.
pub(super) fn expand_int8(
    window: Result<Window, ShapeError>,
    kernel: &'static str,
    step: &Step<'_>,
    prepared: Option<&Int8Node>,
) -> TokenStream {
    let Some(Int8Node::Pool(q)) = prepared else {
        return step.unprepared();
    };
    let k = step.k_int8();
    let kernel = proc_macro2::Ident::new(kernel, Span::call_site());
    let (il, ol, q) = (step.input_len(), step.output_len(), pool_quant(&k, q));
    let g = window_generics(&step.window(window), None);
    step.kernel(quote!(#k::pooling::#kernel::<#g, #il, #ol>(src, dst, #q)))
}
