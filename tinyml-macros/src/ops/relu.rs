//! `relu`: read and expanded. It is fused into the layer before it where
//! that layer takes an activation; standalone it runs in place (`f32` and
//! fixed point only: `i8` models fuse every activation).

use proc_macro2::TokenStream;
use quote::quote;
pub(super) use tinyml_spec::ops::relu::Relu;

use super::MacroOp;
use crate::ast::LayerCall;
use crate::check::args::{self, Files};
use crate::check::int8::Record;
use crate::ctxt::Ctxt;
use crate::expand::{Step, clamp};
use crate::ir::Int8Node;

impl MacroOp for Relu {
    fn parse<'a>(call: &'a LayerCall, cx: &Ctxt) -> Option<(Self, Files<'a>)> {
        Some((Relu, args::none(call, cx)?))
    }

    fn prepare_int8(&self, _record: &Record<'_>) -> Option<Int8Node> {
        // `check::int8` refuses standalone activations first.
        None
    }

    fn expand(&self, step: &Step<'_>) -> TokenStream {
        let (t, k, len) = (&step.t, step.k(), step.output_len());
        let clamp = clamp(&k, tinyml_spec::Activation::Relu);
        step.in_place(quote!(#k::activation::clamp_in_place::<#t, #len>(dst, #clamp)))
    }

    fn expand_int8(&self, step: &Step<'_>, _prepared: Option<&Int8Node>) -> TokenStream {
        step.unprepared()
    }
}
