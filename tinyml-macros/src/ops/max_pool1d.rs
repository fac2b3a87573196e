//! `max_pool1d`: read, prepared (it keeps its input's quantization) and
//! expanded as `max_pool`'s 2-D kernel on the sequence as a one-row image
//! (see `pool.rs`).

use proc_macro2::{Span, TokenStream};
pub(super) use tinyml_spec::ops::max_pool1d::MaxPool1d;
use tinyml_spec::{Op as _, ShapeError};

use super::{MacroOp, pool};
use crate::ast::LayerCall;
use crate::check::args::{Files, Signature};
use crate::check::int8::Record;
use crate::ctxt::Ctxt;
use crate::expand::Step;
use crate::ir::Int8Node;

const SIGNATURE: Signature = pool::signature("max_pool1d(K, stride = S, padding = same|valid)");

impl MacroOp for MaxPool1d {
    fn error_span(call: &LayerCall, error: &ShapeError) -> Option<Span> {
        pool::error_span(call, error)
    }

    fn parse<'a>(call: &'a LayerCall, cx: &Ctxt) -> Option<(Self, Files<'a>)> {
        Some((
            MaxPool1d(pool::parse1d(call, &SIGNATURE, cx)?),
            Files::default(),
        ))
    }

    fn prepare_int8(&self, record: &Record<'_>) -> Option<Int8Node> {
        record.pool()
    }

    fn expand(&self, step: &Step<'_>) -> TokenStream {
        pool::expand(
            self.0.window(Self::NAME, step.input_shape()),
            "max_pool",
            step,
        )
    }

    fn expand_int8(&self, step: &Step<'_>, prepared: Option<&Int8Node>) -> TokenStream {
        let window = self.0.window(Self::NAME, step.input_shape());
        pool::expand_int8(window, "max_pool", step, prepared)
    }
}
