//! `dense`: read, prepared (per-tensor or per-channel requantization) and
//! expanded.

use proc_macro2::TokenStream;
use quote::quote;
pub(super) use tinyml_spec::ops::dense::Dense;

use super::MacroOp;
use crate::ast::LayerCall;
use crate::check::args::{self, Files, Signature};
use crate::check::int8::{Record, Weighted};
use crate::ctxt::Ctxt;
use crate::expand::{Step, int8::dense_quant};
use crate::ir::{Int8Node, PerChannelQuant};

const SIGNATURE: Signature = Signature {
    usage: "dense(units)",
    positional: &["units"],
    named: &["weights", "bias"],
};

impl MacroOp for Dense {
    fn parse<'a>(call: &'a LayerCall, cx: &Ctxt) -> Option<(Self, Files<'a>)> {
        let args = args::read(call, &SIGNATURE, cx)?;
        let units = args::count(args.positional[0], "units", cx);
        let files = args::files(&args, cx);
        Some((Dense { units: units? }, files))
    }

    fn prepare_int8(&self, record: &Record<'_>) -> Option<Int8Node> {
        record.weighted(Weighted::Dense)
    }

    fn expand(&self, step: &Step<'_>) -> TokenStream {
        let (t, k, w, b, clamp) = (&step.t, step.k(), step.weights(), step.bias(), step.clamp());
        let (inputs, units, wn) = (step.input_len(), self.units, step.weights_len());
        step.kernel(quote!(#k::fully_connected::dense::<#t, #inputs, #units, #wn>(src, &#w, &#b, dst, #clamp)))
    }

    fn expand_int8(&self, step: &Step<'_>, prepared: Option<&Int8Node>) -> TokenStream {
        let (k, w) = (step.k_int8(), step.weights());
        let (inputs, units, wn) = (step.input_len(), self.units, step.weights_len());
        let call = match prepared {
            Some(Int8Node::PerChannel {
                quant: PerChannelQuant::Dense(q),
                ..
            }) => {
                let q = dense_quant(&k, q);
                quote!(#k::fully_connected::dense_per_channel::<#inputs, #units, #wn>(
                    src, &#w, &BIAS, &MULTIPLIERS, &SHIFTS, dst, #q))
            }
            Some(Int8Node::PerTensor {
                quant,
                multiplier,
                shift,
                ..
            }) => {
                let q = dense_quant(&k, quant);
                quote!(#k::fully_connected::dense::<#inputs, #units, #wn>(
                    src, &#w, &BIAS, #multiplier, #shift, dst, #q))
            }
            _ => return step.unprepared(),
        };
        step.kernel(call)
    }
}
