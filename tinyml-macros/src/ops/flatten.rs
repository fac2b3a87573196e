//! `flatten`: read; no code (a new shape over the same memory).

use proc_macro2::TokenStream;
pub(super) use tinyml_spec::ops::flatten::Flatten;

use super::MacroOp;
use crate::ast::LayerCall;
use crate::check::args::{self, Files};
use crate::check::int8::Record;
use crate::ctxt::Ctxt;
use crate::expand::Step;
use crate::ir::Int8Node;

impl MacroOp for Flatten {
    fn parse<'a>(call: &'a LayerCall, cx: &Ctxt) -> Option<(Self, Files<'a>)> {
        Some((Flatten, args::none(call, cx)?))
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
