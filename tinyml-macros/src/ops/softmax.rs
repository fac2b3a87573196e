//! `softmax`: read, prepared (TFLM's exp LUT parameters) and expanded; in
//! place.

use proc_macro2::TokenStream;
use quote::quote;
pub(super) use tinyml_spec::ops::softmax::Softmax;

use super::MacroOp;
use crate::ast::LayerCall;
use crate::check::args::{self, Files};
use crate::check::int8::Record;
use crate::ctxt::Ctxt;
use crate::expand::{Step, int8::softmax_quant};
use crate::ir::Int8Node;

impl MacroOp for Softmax {
    fn parse<'a>(call: &'a LayerCall, cx: &Ctxt) -> Option<(Self, Files<'a>)> {
        Some((Softmax, args::none(call, cx)?))
    }

    fn prepare_int8(&self, record: &Record<'_>) -> Option<Int8Node> {
        record.softmax()
    }

    fn expand(&self, step: &Step<'_>) -> TokenStream {
        let (t, k, len) = (&step.t, step.k(), step.output_len());
        step.in_place(quote!(#k::softmax::softmax_in_place::<#t, #len>(dst)))
    }

    fn expand_int8(&self, step: &Step<'_>, prepared: Option<&Int8Node>) -> TokenStream {
        let Some(Int8Node::Softmax(q)) = prepared else {
            return step.unprepared();
        };
        let (k, len) = (step.k_int8(), step.output_len());
        let q = softmax_quant(&k, q);
        step.in_place(quote!(#k::softmax::softmax_in_place::<#len>(dst, #q)))
    }
}
