//! `transpose(perm = [p0, p1, …])`: read (`perm` is required: one input
//! dimension per output dimension) and expanded as one strided copy. In
//! `i8` it keeps its input's quantization (TFLM copies bytes).

use proc_macro2::TokenStream;
use quote::quote;
use tinyml_kernels::strided::Strided;
pub(super) use tinyml_spec::ops::transpose::Transpose;

use super::{MacroOp, strided};
use crate::ast::LayerCall;
use crate::check::args::{self, Files, Signature};
use crate::check::int8::Record;
use crate::ctxt::Ctxt;
use crate::expand::Step;
use crate::ir::Int8Node;

const SIGNATURE: Signature = Signature {
    usage: "transpose(perm = [p0, p1, …])",
    positional: &[],
    named: &["perm"],
};

impl MacroOp for Transpose {
    fn parse<'a>(call: &'a LayerCall, cx: &Ctxt) -> Option<(Self, Files<'a>)> {
        let args = args::read(call, &SIGNATURE, cx)?;
        let Some(value) = args.named("perm") else {
            if args::positional_span(call, 0).is_none() {
                let span = call
                    .args
                    .as_ref()
                    .map_or(call.name.span(), |(delimiter, _)| delimiter.span());
                cx.error(
                    span,
                    "`transpose` needs the new order of the dimensions after the batch: `transpose(perm = [1, 0])` \
                     (Keras' `Permute((2, 1))`)",
                );
            }
            return None;
        };
        let perm = args::list(value, "perm", "[1, 0]", cx)?
            .into_iter()
            .map(|v| args::index(v, "perm", cx))
            .collect::<Option<_>>()?;
        Some((Transpose { perm }, Files::default()))
    }

    fn prepare_int8(&self, _record: &Record<'_>) -> Option<Int8Node> {
        // No record: it keeps its input's quantization.
        None
    }

    fn expand(&self, step: &Step<'_>) -> TokenStream {
        let walk = Strided::transpose(step.input_shape(), &self.perm);
        strided::expand(step, &step.t, walk)
    }

    fn expand_int8(&self, step: &Step<'_>, _prepared: Option<&Int8Node>) -> TokenStream {
        let walk = Strided::transpose(step.input_shape(), &self.perm);
        strided::expand(step, &quote!(i8), walk)
    }
}
