//! `add`: the sum of two operands, read (`add(a, b)` or
//! `-> add(constant[…])`), prepared and expanded; shared with the other
//! element-wise layers in [`binary`](super::binary).

use proc_macro2::TokenStream;
use quote::quote;
pub(super) use tinyml_spec::ops::add::Add;

use super::{MacroOp, binary};
use crate::ast::LayerCall;
use crate::check::args::{Files, Signature};
use crate::check::int8::Record;
use crate::ctxt::Ctxt;
use crate::expand::{Step, int8::add_quant};
use crate::ir::Int8Node;
use tinyml_kernels::int8::prepare;

const SIGNATURE: Signature = Signature {
    usage: "add(constant[d0, …])",
    positional: &["constant"],
    named: &["weights"],
};

impl MacroOp for Add {
    fn parse<'a>(call: &'a LayerCall, cx: &Ctxt) -> Option<(Self, Files<'a>)> {
        binary::parse(&SIGNATURE, call, cx).map(|(operand, files)| (Add(operand), files))
    }

    fn combine(call: &LayerCall, operands: usize, cx: &Ctxt) -> Option<Self> {
        binary::combine(call, operands, cx).map(Add)
    }

    fn prepare_int8(&self, record: &Record<'_>) -> Option<Int8Node> {
        record.arithmetic(prepare::add).map(Int8Node::Add)
    }

    fn expand(&self, step: &Step<'_>) -> TokenStream {
        let (t, k) = (&step.t, step.k());
        let kernel = |a, b, n| quote!(#k::elementwise::add::<#t, #a, #b, #n>);
        binary::expand(step, &self.0, kernel, Some(step.clamp()))
    }

    fn expand_int8(&self, step: &Step<'_>, prepared: Option<&Int8Node>) -> TokenStream {
        let Some(Int8Node::Add(q)) = prepared else {
            return step.unprepared();
        };
        let (k, q) = (step.k_int8(), add_quant(&step.k_int8(), q));
        binary::expand(
            step,
            &self.0,
            |a, b, n| quote!(#k::add::add::<#a, #b, #n>),
            Some(q),
        )
    }
}
