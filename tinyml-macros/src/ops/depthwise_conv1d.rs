//! `depthwise_conv1d`: read, prepared (per-channel requantization, as
//! `depthwise_conv2d`) and expanded as `depthwise_conv2d`'s kernels on the
//! sequence as a one-row image: TFLite computes Keras' DepthwiseConv1D as
//! that DEPTHWISE_CONV_2D, so they are its arithmetic.

use proc_macro2::{Span, TokenStream};
pub(super) use tinyml_spec::ops::depthwise_conv1d::DepthwiseConv1d;

use tinyml_spec::ShapeError;

use super::MacroOp;
use crate::ast::LayerCall;
use crate::check::args::{self, Files, Signature};
use crate::check::int8::{Record, Weighted};
use crate::ctxt::Ctxt;
use crate::expand::Step;
use crate::ir::Int8Node;

const SIGNATURE: Signature = Signature {
    usage: "depthwise_conv1d(K, multiplier = M, stride = S, padding = same|valid)",
    positional: &["kernel size"],
    named: &[
        "multiplier",
        "stride",
        "padding",
        "dilation",
        "weights",
        "bias",
    ],
};

impl MacroOp for DepthwiseConv1d {
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
        let window = args::window1d(&args, 0, false, cx);
        let dilation = args::refuse_dilation(&args, cx);
        let files = args::files(&args, cx);
        let (multiplier, (kernel, stride, padding), ()) = (multiplier?, window?, dilation?);
        let op = DepthwiseConv1d {
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
        super::depthwise_conv2d::expand(self.window(step.input_shape()), self.multiplier, step)
    }

    fn expand_int8(&self, step: &Step<'_>, prepared: Option<&Int8Node>) -> TokenStream {
        let window = self.window(step.input_shape());
        super::depthwise_conv2d::expand_int8(window, self.multiplier, step, prepared)
    }
}
