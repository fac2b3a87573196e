//! `lstm`: read (`units`, `return_sequences`, `cell_clip`), prepared
//! (TFLM's integer LSTM parameters from the record's scales) and expanded.

use proc_macro2::TokenStream;
use quote::quote;
pub(super) use tinyml_spec::ops::lstm::Lstm;

use super::MacroOp;
use crate::ast::LayerCall;
use crate::check::args::{self, Files, Signature};
use crate::check::int8::Record;
use crate::ctxt::Ctxt;
use crate::expand::{Step, int8::lstm_quant};
use crate::ir::Int8Node;

const SIGNATURE: Signature = Signature {
    usage: "lstm(units, return_sequences = true|false, cell_clip = C)",
    positional: &["units"],
    named: &["return_sequences", "cell_clip", "weights", "bias"],
};

impl MacroOp for Lstm {
    fn parse<'a>(call: &'a LayerCall, cx: &Ctxt) -> Option<(Self, Files<'a>)> {
        let args = args::read(call, &SIGNATURE, cx)?;
        let units = args::count(args.positional[0], "units", cx);
        let return_sequences = args
            .named("return_sequences")
            .map_or(Some(true), |v| args::boolean(v, "return_sequences", cx));
        let cell_clip = match args.named("cell_clip") {
            None => Some(None),
            Some(value) => match args::non_negative_real(value, "cell_clip", cx) {
                Some(clip) if clip > 0.0 => Some(Some(clip)),
                Some(_) => {
                    cx.error(
                        args::value_span(value),
                        "`cell_clip` must be above 0 (leave it out not to clip the cell state)",
                    );
                    None
                }
                None => None,
            },
        };
        let files = args::files(&args, cx);
        let layer = Lstm {
            units: units?,
            return_sequences: return_sequences?,
            cell_clip: cell_clip?,
        };
        Some((layer, files))
    }

    fn prepare_int8(&self, record: &Record<'_>) -> Option<Int8Node> {
        record.lstm(self.cell_clip)
    }

    fn expand(&self, step: &Step<'_>) -> TokenStream {
        let (t, k, w, b) = (&step.t, step.k(), step.weights(), step.bias());
        let g = generics(self, step);
        let clip = self.cell_clip.unwrap_or(0.0);
        step.kernel_with_scratch(
            quote!(#k::recurrent::lstm::<#t, #g>(src, &#w, &#b, dst, scratch, #clip)),
        )
    }

    fn expand_int8(&self, step: &Step<'_>, prepared: Option<&Int8Node>) -> TokenStream {
        let Some(Int8Node::Lstm { quant, .. }) = prepared else {
            return step.unprepared();
        };
        let (k, w) = (step.k_int8(), step.weights());
        let (g, q) = (generics(self, step), lstm_quant(&k, quant));
        step.kernel_with_scratch(quote!(#k::lstm::lstm::<#g>(src, &#w, &BIAS, dst, scratch, #q)))
    }
}

/// `STEPS, FEATURES, UNITS, IN, OUT, WN, BN, S`.
fn generics(layer: &Lstm, step: &Step<'_>) -> TokenStream {
    let (steps, features) = match *step.input_shape() {
        [steps, features] => (steps, features),
        _ => (0, 0),
    };
    let units = layer.units;
    let (il, ol, wn, bn, s) = (
        step.input_len(),
        step.output_len(),
        step.weights_len(),
        4 * units,
        step.scratch_len(),
    );
    quote!(#steps, #features, #units, #il, #ol, #wn, #bn, #s)
}
