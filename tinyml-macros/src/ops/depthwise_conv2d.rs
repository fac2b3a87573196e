//! `depthwise_conv2d`: read, prepared (per-channel requantization) and
//! expanded.

use proc_macro2::{Span, TokenStream};
use quote::quote;
pub(super) use tinyml_spec::ops::depthwise_conv2d::DepthwiseConv2d;

use tinyml_spec::{ShapeError, Window};

use super::MacroOp;
use crate::ast::LayerCall;
use crate::check::args::{self, Files, Signature};
use crate::check::int8::{Record, Weighted};
use crate::ctxt::Ctxt;
use crate::expand::{Step, int8::conv_quant, window_generics};
use crate::ir::{Int8Node, PerChannelQuant};

const SIGNATURE: Signature = Signature {
    usage: "depthwise_conv2d(KHxKW, multiplier = M, stride = S, padding = same|valid)",
    positional: &["kernel size"],
    named: &["multiplier", "stride", "padding", "weights", "bias"],
};

impl MacroOp for DepthwiseConv2d {
    fn error_span(call: &LayerCall, error: &ShapeError) -> Option<Span> {
        error
            .blames_kernel()
            .then(|| args::positional_span(call, 0))
            .flatten()
    }

    fn parse<'a>(call: &'a LayerCall, cx: &Ctxt) -> Option<(Self, Files<'a>)> {
        let args = args::read(call, &SIGNATURE, cx)?;
        let multiplier = match args.named("multiplier") {
            Some(value) => args::count(value, "multiplier", cx),
            None => Some(1),
        };
        let window = args::window(&args, 0, false, cx);
        let files = args::files(&args, cx);
        let (multiplier, (kernel, stride, padding)) = (multiplier?, window?);
        let op = DepthwiseConv2d {
            kernel,
            multiplier,
            stride,
            padding,
        };
        Some((op, files))
    }

    fn prepare_int8(&self, record: &Record<'_>) -> Option<Int8Node> {
        record.weighted(Weighted::Depthwise)
    }

    fn expand(&self, step: &Step<'_>) -> TokenStream {
        expand(self.window(step.input_shape()), self.multiplier, step)
    }

    fn expand_int8(&self, step: &Step<'_>, prepared: Option<&Int8Node>) -> TokenStream {
        expand_int8(
            self.window(step.input_shape()),
            self.multiplier,
            step,
            prepared,
        )
    }
}

/// `kernels::conv::depthwise_conv2d` on `window` (`f32`, fixed point): also
/// `depthwise_conv1d`'s, on a one-row image.
pub(super) fn expand(
    window: Result<Window, ShapeError>,
    multiplier: usize,
    step: &Step<'_>,
) -> TokenStream {
    let (t, k, w, b, clamp) = (&step.t, step.k(), step.weights(), step.bias(), step.clamp());
    let window = step.window(window);
    let (oc, il, ol, wn) = (
        window.in_c * multiplier,
        step.input_len(),
        step.output_len(),
        step.weights_len(),
    );
    let g = window_generics(&window, Some(multiplier));
    step.kernel(quote!(#k::conv::depthwise_conv2d::<#t, #g, #oc, #il, #ol, #wn>(src, &#w, &#b, dst, #clamp)))
}

/// `kernels::int8::conv::depthwise_conv2d_per_channel` on `window`, or its
/// in-place entry where the plan shares the input's buffer: also
/// `depthwise_conv1d`'s.
pub(super) fn expand_int8(
    window: Result<Window, ShapeError>,
    multiplier: usize,
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
    let window = step.window(window);
    let (oc, il, ol, wn, q) = (
        window.in_c * multiplier,
        step.input_len(),
        step.output_len(),
        step.weights_len(),
        conv_quant(&k, q),
    );
    let g = window_generics(&window, Some(multiplier));
    if step.shares_input_buffer() {
        return step.kernel_in_place(quote!(
            #k::conv::depthwise_conv2d_per_channel_in_place::<#g, #oc, #il, #ol, #wn>(
                buffer, &#w, &BIAS, &MULTIPLIERS, &SHIFTS, #q)
        ));
    }
    step.kernel(
        quote!(#k::conv::depthwise_conv2d_per_channel::<#g, #oc, #il, #ol, #wn>(
        src, &#w, &BIAS, &MULTIPLIERS, &SHIFTS, dst, #q)),
    )
}
