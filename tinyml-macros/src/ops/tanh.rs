//! `tanh`: read, prepared (TFLM's TANH, as a table of all 256 `i8`
//! inputs) and expanded; in place.

use proc_macro2::TokenStream;
pub(super) use tinyml_spec::ops::tanh::Tanh;

use super::MacroOp;
use super::lookup::{expand_int8, expand_unary};
use crate::ast::LayerCall;
use crate::check::args::{self, Files};
use crate::check::int8::Record;
use crate::ctxt::Ctxt;
use crate::expand::Step;
use crate::ir::Int8Node;

impl MacroOp for Tanh {
    fn parse<'a>(call: &'a LayerCall, cx: &Ctxt) -> Option<(Self, Files<'a>)> {
        Some((Tanh, args::none(call, cx)?))
    }

    fn prepare_int8(&self, record: &Record<'_>) -> Option<Int8Node> {
        record.lookup(tinyml_kernels::int8::prepare::tanh)
    }

    fn expand(&self, step: &Step<'_>) -> TokenStream {
        expand_unary(step, "tanh_in_place", None)
    }

    fn expand_int8(&self, step: &Step<'_>, prepared: Option<&Int8Node>) -> TokenStream {
        expand_int8(step, prepared)
    }
}
