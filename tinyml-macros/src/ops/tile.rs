//! `tile(multiples = [m0, m1, …])`: read (`multiples` is required, each
//! at least 1) and expanded as one tiling copy. In `i8` it keeps its
//! input's quantization (it only copies).

use proc_macro2::TokenStream;
use quote::quote;
use tinyml_kernels::tile::Tiling;
pub(super) use tinyml_spec::ops::tile::Tile;

use super::MacroOp;
use crate::ast::LayerCall;
use crate::check::args::{self, Files, Signature};
use crate::check::int8::Record;
use crate::ctxt::Ctxt;
use crate::expand::Step;
use crate::ir::Int8Node;

const SIGNATURE: Signature = Signature {
    usage: "tile(multiples = [m0, m1, …])",
    positional: &[],
    named: &["multiples"],
};

impl MacroOp for Tile {
    fn parse<'a>(call: &'a LayerCall, cx: &Ctxt) -> Option<(Self, Files<'a>)> {
        let args = args::read(call, &SIGNATURE, cx)?;
        let Some(value) = args.named("multiples") else {
            if args::positional_span(call, 0).is_none() {
                let span = call
                    .args
                    .as_ref()
                    .map_or(call.name.span(), |(delimiter, _)| delimiter.span());
                cx.error(
                    span,
                    "`tile` needs how often each dimension after the batch repeats: `tile(multiples = [3, 1])`",
                );
            }
            return None;
        };
        let multiples = args::list(value, "multiples", "[3, 1]", cx)?
            .into_iter()
            .map(|v| args::count(v, "multiples", cx))
            .collect::<Option<_>>()?;
        Some((Tile { multiples }, Files::default()))
    }

    fn prepare_int8(&self, _record: &Record<'_>) -> Option<Int8Node> {
        // No record: it keeps its input's quantization.
        None
    }

    fn expand(&self, step: &Step<'_>) -> TokenStream {
        expand(self, step, &step.t)
    }

    fn expand_int8(&self, step: &Step<'_>, _prepared: Option<&Int8Node>) -> TokenStream {
        expand(self, step, &quote!(i8))
    }
}

fn expand(tile: &Tile, step: &Step<'_>, t: &TokenStream) -> TokenStream {
    let Some(Tiling { dims, multiples }) = Tiling::new(step.input_shape(), &tile.multiples) else {
        return quote!(::core::compile_error!("tinyml internal error: a tiling does not fit its input"););
    };
    let k = step.k();
    let (n, out) = (step.input_len(), step.output_len());
    step.kernel(quote! {
        #k::tile::tile::<#t, #n, #out>(
            src,
            dst,
            &#k::tile::Tiling { dims: [#(#dims),*], multiples: [#(#multiples),*] },
        )
    })
}
