//! `mean`: read, prepared (TFLM's requantizing MEAN) and expanded. In
//! `f32` and fixed point it is the same computation as `global_avg_pool`.

use proc_macro2::TokenStream;
use quote::quote;
pub(super) use tinyml_spec::ops::mean::Mean;

use super::MacroOp;
use crate::ast::LayerCall;
use crate::check::args::{self, Files};
use crate::check::int8::Record;
use crate::ctxt::Ctxt;
use crate::expand::{Step, int8::mean_quant};
use crate::ir::Int8Node;

impl MacroOp for Mean {
    fn parse<'a>(call: &'a LayerCall, cx: &Ctxt) -> Option<(Self, Files<'a>)> {
        Some((Mean, args::none(call, cx)?))
    }

    fn prepare_int8(&self, record: &Record<'_>) -> Option<Int8Node> {
        record.mean()
    }

    fn expand(&self, step: &Step<'_>) -> TokenStream {
        super::global_avg_pool::plane_mean(step)
    }

    fn expand_int8(&self, step: &Step<'_>, prepared: Option<&Int8Node>) -> TokenStream {
        let Some(Int8Node::Mean(q)) = prepared else {
            return step.unprepared();
        };
        let k = step.k_int8();
        let [h, w, c] = step.image();
        let (il, q) = (step.input_len(), mean_quant(&k, q));
        step.kernel(quote!(#k::mean::mean::<#h, #w, #c, #il>(src, dst, #q)))
    }
}
