//! `conv1d`: read, prepared (per-channel requantization, as `conv2d`) and
//! expanded as `conv2d`'s kernels on the sequence as a one-row image: TFLite
//! computes Keras' Conv1D as that CONV_2D, so they are its arithmetic.

use proc_macro2::{Span, TokenStream};
pub(super) use tinyml_spec::ops::conv1d::Conv1d;

use tinyml_spec::ShapeError;

use super::MacroOp;
use crate::ast::LayerCall;
use crate::check::args::{self, Files, Signature};
use crate::check::int8::{Record, Weighted};
use crate::ctxt::Ctxt;
use crate::expand::Step;
use crate::ir::Int8Node;

const SIGNATURE: Signature = Signature {
    usage: "conv1d(filters, K, stride = S, padding = same|valid)",
    positional: &["filters", "kernel size"],
    named: &["stride", "padding", "dilation", "weights", "bias"],
};

impl MacroOp for Conv1d {
    fn error_span(call: &LayerCall, error: &ShapeError) -> Option<Span> {
        error
            .blames_kernel()
            .then(|| args::positional_span(call, 1))
            .flatten()
    }

    fn parse<'a>(call: &'a LayerCall, cx: &Ctxt) -> Option<(Self, Files<'a>)> {
        let args = args::read(call, &SIGNATURE, cx)?;
        let filters = args::count(args.positional[0], "filters", cx);
        let window = args::window1d(&args, 1, false, cx);
        let dilation = args::refuse_dilation(&args, cx);
        let files = args::files(&args, cx);
        let (filters, (kernel, stride, padding), ()) = (filters?, window?, dilation?);
        let op = Conv1d {
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
        super::conv2d::expand(self.window(step.input_shape()), self.filters, step)
    }

    fn expand_int8(&self, step: &Step<'_>, prepared: Option<&Int8Node>) -> TokenStream {
        let window = self.window(step.input_shape());
        super::conv2d::expand_int8(window, self.filters, step, prepared)
    }
}
