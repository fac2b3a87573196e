//! `maximum`: the maximum of two operands, read (`maximum(a, b)` or
//! `-> maximum(constant[…])`), prepared and expanded; shared with the other
//! element-wise layers in [`binary`](super::binary).

use proc_macro2::TokenStream;
use quote::quote;
pub(super) use tinyml_spec::ops::maximum::Maximum;

use super::{MacroOp, binary};
use crate::ast::LayerCall;
use crate::check::args::{Files, Signature};
use crate::check::int8::Record;
use crate::ctxt::Ctxt;
use crate::expand::Step;
use crate::ir::Int8Node;

const SIGNATURE: Signature = Signature {
    usage: "maximum(constant[d0, …])",
    positional: &["constant"],
    named: &["weights"],
};

impl MacroOp for Maximum {
    fn parse<'a>(call: &'a LayerCall, cx: &Ctxt) -> Option<(Self, Files<'a>)> {
        binary::parse(&SIGNATURE, call, cx).map(|(operand, files)| (Maximum(operand), files))
    }

    fn combine(call: &LayerCall, operands: usize, cx: &Ctxt) -> Option<Self> {
        binary::combine(call, operands, cx).map(Maximum)
    }

    fn prepare_int8(&self, record: &Record<'_>) -> Option<Int8Node> {
        record.compare()
    }

    fn expand(&self, step: &Step<'_>) -> TokenStream {
        let (t, k) = (&step.t, step.k());
        let kernel = |a, b, n| quote!(#k::elementwise::maximum::<#t, #a, #b, #n>);
        binary::expand(step, &self.0, kernel, None)
    }

    fn expand_int8(&self, step: &Step<'_>, prepared: Option<&Int8Node>) -> TokenStream {
        let Some(Int8Node::Compare) = prepared else {
            return step.unprepared();
        };
        let k = step.k();
        binary::expand(
            step,
            &self.0,
            |a, b, n| quote!(#k::elementwise::maximum::<i8, #a, #b, #n>),
            None,
        )
    }
}
