//! `reshape[d0, d1, …]`: read (a shape in brackets); no code (a new shape
//! over the same memory).

use proc_macro2::{Span, TokenStream};
pub(super) use tinyml_spec::ops::reshape::Reshape;

use tinyml_spec::ShapeError;

use super::MacroOp;
use crate::ast::{Arg, Delimiter, LayerCall};
use crate::check::args::{self, Files};
use crate::check::int8::Record;
use crate::ctxt::Ctxt;
use crate::expand::Step;
use crate::ir::Int8Node;

impl MacroOp for Reshape {
    fn error_span(call: &LayerCall, _error: &ShapeError) -> Option<Span> {
        call.args.as_ref().map(|(delimiter, _)| delimiter.span())
    }

    fn parse<'a>(call: &'a LayerCall, cx: &Ctxt) -> Option<(Self, Files<'a>)> {
        let Some((Delimiter::Bracket(span), list)) = &call.args else {
            let span = call
                .args
                .as_ref()
                .map_or(call.name.span(), |(delimiter, _)| delimiter.span());
            cx.error(
                span,
                "write the new shape in brackets: `reshape[d0, d1, …]`",
            );
            return None;
        };
        let mut shape = Vec::new();
        for arg in list {
            match arg {
                Arg::Positional(value) => shape.push(args::count(value, "dimension", cx)),
                Arg::Named { name, .. } => {
                    cx.error(name.span(), "`reshape[…]` takes only dimensions");
                    shape.push(None);
                }
            }
        }
        if shape.is_empty() {
            cx.error(*span, "`reshape[…]` needs at least one dimension");
            return None;
        }
        let shape = shape.into_iter().collect::<Option<_>>()?;
        Some((Reshape { shape }, Files::default()))
    }

    fn prepare_int8(&self, _record: &Record<'_>) -> Option<Int8Node> {
        None
    }

    fn expand(&self, _step: &Step<'_>) -> TokenStream {
        TokenStream::new()
    }

    fn expand_int8(&self, _step: &Step<'_>, _prepared: Option<&Int8Node>) -> TokenStream {
        TokenStream::new()
    }
}
