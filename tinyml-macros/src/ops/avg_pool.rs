//! `avg_pool`: read, prepared (it keeps its input's quantization) and
//! expanded, as the other pool (see `pool.rs`).

use proc_macro2::{Span, TokenStream};
pub(super) use tinyml_spec::ops::avg_pool::AvgPool;
use tinyml_spec::{Op as _, ShapeError};

use super::{MacroOp, pool};
use crate::ast::LayerCall;
use crate::check::args::{Files, Signature};
use crate::check::int8::Record;
use crate::ctxt::Ctxt;
use crate::expand::Step;
use crate::ir::Int8Node;

const SIGNATURE: Signature = pool::signature("avg_pool(KHxKW, stride = S, padding = same|valid)");

impl MacroOp for AvgPool {
    fn error_span(call: &LayerCall, error: &ShapeError) -> Option<Span> {
        pool::error_span(call, error)
    }

    fn parse<'a>(call: &'a LayerCall, cx: &Ctxt) -> Option<(Self, Files<'a>)> {
        Some((
            AvgPool(pool::parse(call, &SIGNATURE, cx)?),
            Files::default(),
        ))
    }

    fn prepare_int8(&self, record: &Record<'_>) -> Option<Int8Node> {
        record.pool()
    }

    fn expand(&self, step: &Step<'_>) -> TokenStream {
        pool::expand(
            self.0.window(Self::NAME, step.input_shape()),
            Self::NAME,
            step,
        )
    }

    fn expand_int8(&self, step: &Step<'_>, prepared: Option<&Int8Node>) -> TokenStream {
        let window = self.0.window(Self::NAME, step.input_shape());
        pool::expand_int8(window, Self::NAME, step, prepared)
    }
}
