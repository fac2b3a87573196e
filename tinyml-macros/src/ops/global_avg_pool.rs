//! `global_avg_pool`: read, prepared (it keeps its input's quantization)
//! and expanded.

use proc_macro2::TokenStream;
use quote::quote;
use tinyml_spec::Window;
pub(super) use tinyml_spec::ops::global_avg_pool::GlobalAvgPool;

use super::MacroOp;
use crate::ast::LayerCall;
use crate::check::args::{self, Files};
use crate::check::int8::Record;
use crate::ctxt::Ctxt;
use crate::expand::{Step, int8::pool_quant, window_generics};
use crate::ir::Int8Node;

impl MacroOp for GlobalAvgPool {
    fn parse<'a>(call: &'a LayerCall, cx: &Ctxt) -> Option<(Self, Files<'a>)> {
        Some((GlobalAvgPool, args::none(call, cx)?))
    }

    fn prepare_int8(&self, record: &Record<'_>) -> Option<Int8Node> {
        record.pool()
    }

    fn expand(&self, step: &Step<'_>) -> TokenStream {
        plane_mean(step)
    }

    fn expand_int8(&self, step: &Step<'_>, prepared: Option<&Int8Node>) -> TokenStream {
        let Some(Int8Node::Pool(q)) = prepared else {
            return step.unprepared();
        };
        let k = step.k_int8();
        let [h, w, c] = step.image();
        // TFLM's AVERAGE_POOL_2D with the whole plane as its window.
        let g = window_generics(&Window::global(h, w, c), None);
        let (il, ol, q) = (step.input_len(), step.output_len(), pool_quant(&k, q));
        step.kernel(quote!(#k::pooling::avg_pool::<#g, #il, #ol>(src, dst, #q)))
    }
}

/// `kernels::pooling::global_avg_pool` (`f32`, fixed point): also `mean`'s.
pub(super) fn plane_mean(step: &Step<'_>) -> TokenStream {
    let (t, k) = (&step.t, step.k());
    let [h, w, c] = step.image();
    let il = step.input_len();
    step.kernel(quote!(#k::pooling::global_avg_pool::<#t, #h, #w, #c, #il>(src, dst)))
}
