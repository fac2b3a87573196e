//! `upsample(FHxFW)` or `upsample(F)`: read, and expanded as one copy kernel
//! for every element type (an `i8` upsample keeps its input's quantization,
//! so it has no record and nothing to prepare).

use proc_macro2::TokenStream;
use quote::quote;
pub(super) use tinyml_spec::ops::upsample::Upsample;

use super::MacroOp;
use crate::ast::LayerCall;
use crate::check::args::{self, Files, Signature};
use crate::check::int8::Record;
use crate::ctxt::Ctxt;
use crate::expand::Step;
use crate::ir::Int8Node;

const SIGNATURE: Signature = Signature {
    usage: "upsample(FHxFW)",
    positional: &["factor"],
    named: &[],
};

impl MacroOp for Upsample {
    fn parse<'a>(call: &'a LayerCall, cx: &Ctxt) -> Option<(Self, Files<'a>)> {
        let args = args::read(call, &SIGNATURE, cx)?;
        let factor = args::size2(args.positional[0], "the factor", true, cx)?;
        Some((Upsample { factor }, Files::default()))
    }

    fn prepare_int8(&self, _record: &Record<'_>) -> Option<Int8Node> {
        // No record: it keeps its input's quantization.
        None
    }

    fn expand(&self, step: &Step<'_>) -> TokenStream {
        let t = &step.t;
        expand_upsample(self, step, t)
    }

    fn expand_int8(&self, step: &Step<'_>, _prepared: Option<&Int8Node>) -> TokenStream {
        expand_upsample(self, step, &quote!(i8))
    }
}

fn expand_upsample(upsample: &Upsample, step: &Step<'_>, t: &TokenStream) -> TokenStream {
    let k = step.k();
    let [h, w, c] = step.image();
    let (fh, fw) = upsample.factor;
    let (il, ol) = (step.input_len(), step.output_len());
    step.kernel(quote!(#k::upsample::upsample::<#t, #h, #w, #c, #fh, #fw, #il, #ol>(src, dst)))
}
