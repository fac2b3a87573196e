//! `conv2d`: read, prepared (per-channel requantization) and expanded.

use proc_macro2::{Span, TokenStream};
use quote::quote;
pub(super) use tinyml_spec::ops::conv2d::Conv2d;

use tinyml_spec::{ShapeError, Window};

use super::MacroOp;
use crate::ast::LayerCall;
use crate::check::args::{self, Files, Signature};
use crate::check::int8::{Record, Weighted};
use crate::ctxt::Ctxt;
use crate::expand::{Step, int8::conv_quant, window_generics};
use crate::ir::{Int8Node, PerChannelQuant};

const SIGNATURE: Signature = Signature {
    usage: "conv2d(filters, KHxKW, stride = S, padding = same|valid)",
    positional: &["filters", "kernel size"],
    named: &["stride", "padding", "weights", "bias"],
};

impl MacroOp for Conv2d {
    fn error_span(call: &LayerCall, error: &ShapeError) -> Option<Span> {
        error
            .blames_kernel()
            .then(|| args::positional_span(call, 1))
            .flatten()
    }

    fn parse<'a>(call: &'a LayerCall, cx: &Ctxt) -> Option<(Self, Files<'a>)> {
        let args = args::read(call, &SIGNATURE, cx)?;
        let filters = args::count(args.positional[0], "filters", cx);
        let window = args::window(&args, 1, false, cx);
        let files = args::files(&args, cx);
        let (filters, (kernel, stride, padding)) = (filters?, window?);
        let op = Conv2d {
            filters,
            kernel,
            stride,
            padding,
        };
        Some((op, files))
    }

    fn prepare_int8(&self, record: &Record<'_>) -> Option<Int8Node> {
        record.weighted(Weighted::Conv)
    }

    fn expand(&self, step: &Step<'_>) -> TokenStream {
        expand(self.window(step.input_shape()), self.filters, step)
    }

    fn expand_int8(&self, step: &Step<'_>, prepared: Option<&Int8Node>) -> TokenStream {
        expand_int8(
            self.window(step.input_shape()),
            self.filters,
            step,
            prepared,
        )
    }
}

/// `kernels::conv::conv2d` on `window` (`f32`, fixed point): also
/// `conv1d`'s, on a one-row image.
pub(super) fn expand(
    window: Result<Window, ShapeError>,
    filters: usize,
    step: &Step<'_>,
) -> TokenStream {
    let (t, k, w, b, clamp) = (&step.t, step.k(), step.weights(), step.bias(), step.clamp());
    let (il, ol, wn) = (step.input_len(), step.output_len(), step.weights_len());
    let g = window_generics(&step.window(window), Some(filters));
    step.kernel(quote!(#k::conv::conv2d::<#t, #g, #il, #ol, #wn>(src, &#w, &#b, dst, #clamp)))
}

/// `kernels::int8::conv::conv2d_per_channel` on `window`, or its in-place
/// entry where the plan shares the input's buffer: also `conv1d`'s.
pub(super) fn expand_int8(
    window: Result<Window, ShapeError>,
    filters: usize,
    step: &Step<'_>,
    prepared: Option<&Int8Node>,
) -> TokenStream {
    let Some(Int8Node::PerChannel {
        quant: PerChannelQuant::Conv(q),
        ..
    }) = prepared
    else {
        return step.unprepared();
    };
    let (k, w) = (step.k_int8(), step.weights());
    let (il, ol, wn, q) = (
        step.input_len(),
        step.output_len(),
        step.weights_len(),
        conv_quant(&k, q),
    );
    let g = window_generics(&step.window(window), Some(filters));
    if step.shares_input_buffer() {
        return step.kernel_in_place(
            quote!(#k::conv::conv2d_per_channel_in_place::<#g, #il, #ol, #wn>(
            buffer, &#w, &BIAS, &MULTIPLIERS, &SHIFTS, #q)),
        );
    }
    step.kernel(quote!(#k::conv::conv2d_per_channel::<#g, #il, #ol, #wn>(
        src, &#w, &BIAS, &MULTIPLIERS, &SHIFTS, dst, #q)))
}
