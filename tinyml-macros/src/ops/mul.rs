//! `mul`: the product of two operands, read (`mul(a, b)` or
//! `-> mul(constant[…])`), prepared and expanded; shared with the other
//! element-wise layers in [`binary`](super::binary).

use proc_macro2::TokenStream;
use quote::quote;
pub(super) use tinyml_spec::ops::mul::Mul;

use super::{MacroOp, binary};
use crate::ast::LayerCall;
use crate::check::args::{Files, Signature};
use crate::check::int8::Record;
use crate::ctxt::Ctxt;
use crate::expand::{Step, int8::mul_quant};
use crate::ir::Int8Node;
use tinyml_kernels::int8::prepare;

const SIGNATURE: Signature = Signature {
    usage: "mul(constant[d0, …])",
    positional: &["constant"],
    named: &["weights"],
};

impl MacroOp for Mul {
    fn parse<'a>(call: &'a LayerCall, cx: &Ctxt) -> Option<(Self, Files<'a>)> {
        binary::parse(&SIGNATURE, call, cx).map(|(operand, files)| (Mul(operand), files))
    }

    fn combine(call: &LayerCall, operands: usize, cx: &Ctxt) -> Option<Self> {
        binary::combine(call, operands, cx).map(Mul)
    }

    fn prepare_int8(&self, record: &Record<'_>) -> Option<Int8Node> {
        record.arithmetic(prepare::mul).map(Int8Node::Mul)
    }

    fn expand(&self, step: &Step<'_>) -> TokenStream {
        let (t, k) = (&step.t, step.k());
        let kernel = |a, b, n| quote!(#k::elementwise::mul::<#t, #a, #b, #n>);
        binary::expand(step, &self.0, kernel, Some(step.clamp()))
    }

    fn expand_int8(&self, step: &Step<'_>, prepared: Option<&Int8Node>) -> TokenStream {
        let Some(Int8Node::Mul(q)) = prepared else {
            return step.unprepared();
        };
        let (k, q) = (step.k_int8(), mul_quant(&step.k_int8(), q));
        binary::expand(
            step,
            &self.0,
            |a, b, n| quote!(#k::mul::mul::<#a, #b, #n>),
            Some(q),
        )
    }
}
