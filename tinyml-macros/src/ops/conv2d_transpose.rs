//! `conv2d_transpose`: read as `conv2d` is, prepared (per-channel
//! requantization of the raw bias, TFLM's unfolded sum, with its own
//! overflow proof) and expanded.

use proc_macro2::{Span, TokenStream};
use quote::quote;
pub(super) use tinyml_spec::ops::conv2d_transpose::Conv2dTranspose;

use tinyml_spec::ShapeError;

use super::MacroOp;
use crate::ast::LayerCall;
use crate::check::args::{self, Files, Signature};
use crate::check::int8::{Record, Weighted};
use crate::ctxt::Ctxt;
use crate::expand::{Step, int8::conv_quant};
use crate::ir::{Int8Node, PerChannelQuant};

const SIGNATURE: Signature = Signature {
    usage: "conv2d_transpose(filters, KHxKW, stride = S, padding = same|valid)",
    positional: &["filters", "kernel size"],
    named: &["stride", "padding", "weights", "bias"],
};

impl MacroOp for Conv2dTranspose {
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
        let op = Conv2dTranspose {
            filters,
            kernel,
            stride,
            padding,
        };
        Some((op, files))
    }

    fn prepare_int8(&self, record: &Record<'_>) -> Option<Int8Node> {
        record.weighted(Weighted::Transpose)
    }

    fn expand(&self, step: &Step<'_>) -> TokenStream {
        let (t, k, w, b, clamp) = (&step.t, step.k(), step.weights(), step.bias(), step.clamp());
        let g = generics(self, step);
        step.kernel(
            quote!(#k::conv_transpose::conv2d_transpose::<#t, #g>(src, &#w, &#b, dst, #clamp)),
        )
    }

    fn expand_int8(&self, step: &Step<'_>, prepared: Option<&Int8Node>) -> TokenStream {
        let Some(Int8Node::PerChannel {
            quant: PerChannelQuant::Conv(q),
            ..
        }) = prepared
        else {
            return step.unprepared();
        };
        let (k, w) = (step.k_int8(), step.weights());
        let (g, q) = (generics(self, step), conv_quant(&k, q));
        step.kernel(
            quote!(#k::conv_transpose::conv2d_transpose_per_channel::<#g>(
            src, &#w, &BIAS, &MULTIPLIERS, &SHIFTS, dst, #q)),
        )
    }
}

/// `IH, IW, IC, OH, OW, OC, KH, KW, SH, SW, PT, PL, IN, OUT, WN`.
fn generics(layer: &Conv2dTranspose, step: &Step<'_>) -> TokenStream {
    let [ih, iw, ic] = step.image();
    let (oh, ow) = match *step.output_shape() {
        [oh, ow, _] => (oh, ow),
        _ => (0, 0),
    };
    let oc = layer.filters;
    let ((kh, kw), (sh, sw), (pt, pl)) = (layer.kernel, layer.stride, layer.padding_before());
    let (il, ol, wn) = (step.input_len(), step.output_len(), step.weights_len());
    quote!(#ih, #iw, #ic, #oh, #ow, #oc, #kh, #kw, #sh, #sw, #pt, #pl, #il, #ol, #wn)
}
