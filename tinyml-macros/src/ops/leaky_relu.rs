//! `leaky_relu(alpha = A)`: read (`alpha` is required, see the spec),
//! prepared (TFLM's LEAKY_RELU, as a table of all 256 `i8` inputs) and
//! expanded; in place.

use proc_macro2::TokenStream;
use quote::quote;
pub(super) use tinyml_spec::ops::leaky_relu::LeakyRelu;

use super::MacroOp;
use super::lookup::{expand_int8, expand_unary};
use crate::ast::LayerCall;
use crate::check::args::{self, Files, Signature};
use crate::check::int8::Record;
use crate::ctxt::Ctxt;
use crate::expand::Step;
use crate::ir::Int8Node;

const SIGNATURE: Signature = Signature {
    usage: "leaky_relu(alpha = A)",
    positional: &[],
    named: &["alpha"],
};

impl MacroOp for LeakyRelu {
    fn parse<'a>(call: &'a LayerCall, cx: &Ctxt) -> Option<(Self, Files<'a>)> {
        let args = args::read(call, &SIGNATURE, cx)?;
        let Some(alpha) = args.named("alpha") else {
            if args::positional_span(call, 0).is_some() {
                // Already reported: `alpha` must be named.
                return None;
            }
            let span = call
                .args
                .as_ref()
                .map_or(call.name.span(), |(delimiter, _)| delimiter.span());
            cx.error(
                span,
                "`leaky_relu` needs its slope: `leaky_relu(alpha = 0.3)` (Keras' LeakyReLU layer defaults to 0.3, \
                 `keras.activations.leaky_relu` to 0.2)",
            );
            return None;
        };
        let alpha = args::non_negative_real(alpha, "alpha", cx)?;
        Some((LeakyRelu { alpha }, Files::default()))
    }

    fn prepare_int8(&self, record: &Record<'_>) -> Option<Int8Node> {
        let alpha = self.alpha;
        record
            .lookup(|input, output| tinyml_kernels::int8::prepare::leaky_relu(alpha, input, output))
    }

    fn expand(&self, step: &Step<'_>) -> TokenStream {
        let alpha = self.alpha;
        expand_unary(step, "leaky_relu_in_place", Some(quote!(#alpha)))
    }

    fn expand_int8(&self, step: &Step<'_>, prepared: Option<&Int8Node>) -> TokenStream {
        expand_int8(step, prepared)
    }
}
