//! `max_pool`: read, prepared (it keeps its input's quantization) and
//! expanded.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use tinyml_spec::ops::Pool;
pub(super) use tinyml_spec::ops::max_pool::MaxPool;

use tinyml_spec::{Op as _, ShapeError};

use super::MacroOp;
use crate::ast::LayerCall;
use crate::check::args::{self, Files, Signature};
use crate::check::int8::Record;
use crate::ctxt::Ctxt;
use crate::expand::{Step, int8::pool_quant, window_generics};
use crate::ir::Int8Node;

const SIGNATURE: Signature = Signature {
    usage: "max_pool(KHxKW, stride = S, padding = same|valid)",
    positional: &["pool size"],
    named: &["stride", "padding"],
};

impl MacroOp for MaxPool {
    fn error_span(call: &LayerCall, error: &ShapeError) -> Option<Span> {
        error
            .blames_kernel()
            .then(|| args::positional_span(call, 0))
            .flatten()
    }

    fn parse<'a>(call: &'a LayerCall, cx: &Ctxt) -> Option<(Self, Files<'a>)> {
        let args = args::read(call, &SIGNATURE, cx)?;
        let (kernel, stride, padding) = args::window(&args, 0, true, cx)?;
        let pool = Pool {
            kernel,
            stride,
            padding,
        };
        Some((MaxPool(pool), Files::default()))
    }

    fn prepare_int8(&self, record: &Record<'_>) -> Option<Int8Node> {
        record.pool()
    }

    fn expand(&self, step: &Step<'_>) -> TokenStream {
        let (t, k, clamp) = (&step.t, step.k(), step.clamp());
        let (il, ol) = (step.input_len(), step.output_len());
        let g = window_generics(
            &step.window(self.0.window(Self::NAME, step.input_shape())),
            None,
        );
        step.kernel(quote!(#k::pooling::max_pool::<#t, #g, #il, #ol>(src, dst, #clamp)))
    }

    fn expand_int8(&self, step: &Step<'_>, prepared: Option<&Int8Node>) -> TokenStream {
        let Some(Int8Node::Pool(q)) = prepared else {
            return step.unprepared();
        };
        let k = step.k_int8();
        let (il, ol, q) = (step.input_len(), step.output_len(), pool_quant(&k, q));
        let g = window_generics(
            &step.window(self.0.window(Self::NAME, step.input_shape())),
            None,
        );
        step.kernel(quote!(#k::pooling::max_pool::<#g, #il, #ol>(src, dst, #q)))
    }
}
