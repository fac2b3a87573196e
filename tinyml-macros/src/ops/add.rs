//! `add(a, b)`: prepared (TFLM's ADD rescaling) and expanded. It combines
//! two named tensors, so it starts a chain (see `check`), never follows one.

use proc_macro2::TokenStream;
use quote::quote;
pub(super) use tinyml_spec::ops::add::Add;

use super::MacroOp;
use crate::ast::LayerCall;
use crate::check::args::Files;
use crate::check::int8::Record;
use crate::ctxt::Ctxt;
use crate::expand::{Step, int8::add_quant};
use crate::ir::Int8Node;

impl MacroOp for Add {
    fn parse<'a>(call: &'a LayerCall, cx: &Ctxt) -> Option<(Self, Files<'a>)> {
        cx.error(
            call.name.span(),
            "`add` combines two named tensors, so it starts a chain: `add(a, b) -> …`",
        );
        None
    }

    fn prepare_int8(&self, record: &Record<'_>) -> Option<Int8Node> {
        record.add()
    }

    fn expand(&self, step: &Step<'_>) -> TokenStream {
        let (t, k, len, clamp) = (&step.t, step.k(), step.output_len(), step.clamp());
        step.binary(quote!(#k::elementwise::add::<#t, #len>(lhs, rhs, dst, #clamp)))
    }

    fn expand_int8(&self, step: &Step<'_>, prepared: Option<&Int8Node>) -> TokenStream {
        let Some(Int8Node::Add(q)) = prepared else {
            return step.unprepared();
        };
        let (k, len) = (step.k_int8(), step.output_len());
        let q = add_quant(&k, q);
        step.binary(quote!(#k::add::add::<#len>(lhs, rhs, dst, #q)))
    }
}
