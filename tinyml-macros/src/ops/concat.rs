//! `concat(a, b, …, axis = n)`: read and expanded: one copy per operand
//! into its place in the output. In `i8` it keeps its operands'
//! quantization, which `check::int8` requires to be one for all (TFLM's
//! requirement).

use proc_macro2::TokenStream;
use quote::quote;
pub(super) use tinyml_spec::ops::concat::Concat;

use super::MacroOp;
use crate::ast::{Arg, LayerCall};
use crate::check::args::{self, Files};
use crate::check::int8::Record;
use crate::ctxt::Ctxt;
use crate::expand::Step;
use crate::ir::Int8Node;

impl MacroOp for Concat {
    fn parse<'a>(call: &'a LayerCall, cx: &Ctxt) -> Option<(Self, Files<'a>)> {
        cx.error(
            call.name.span(),
            "`concat` joins named tensors, so it starts a chain: `concat(a, b, …) -> …`",
        );
        None
    }

    fn combine(call: &LayerCall, operands: usize, cx: &Ctxt) -> Option<Self> {
        let mut axis = None;
        for arg in call.args.iter().flat_map(|(_, list)| list) {
            if let Arg::Named { name, value } = arg {
                if name == "axis" {
                    axis = Some(args::index(value, "axis", cx)?);
                } else {
                    cx.error(
                        name.span(),
                        format_args!("`concat` has no argument `{name}`; it takes `axis`"),
                    );
                    return None;
                }
            }
        }
        if operands < 2 {
            cx.error(
                call.name.span(),
                format_args!("`concat` joins at least two tensors, found {operands}"),
            );
            return None;
        }
        Some(Concat {
            inputs: operands,
            axis,
        })
    }

    fn prepare_int8(&self, _record: &Record<'_>) -> Option<Int8Node> {
        // No record: it keeps its operands' quantization.
        None
    }

    fn expand(&self, step: &Step<'_>) -> TokenStream {
        let t = &step.t;
        copies(self, step, t)
    }

    fn expand_int8(&self, step: &Step<'_>, _prepared: Option<&Int8Node>) -> TokenStream {
        copies(self, step, &quote!(i8))
    }
}

fn copies(concat: &Concat, step: &Step<'_>, t: &TokenStream) -> TokenStream {
    let k = step.k();
    let shapes: Vec<&[usize]> = (0..concat.inputs).map(|i| step.operand_shape(i)).collect();
    let runs = concat.runs(&shapes);
    let row: usize = runs.iter().map(|&(_, inner)| inner).sum();
    let n = step.output_len();
    let starts: Vec<usize> = runs
        .iter()
        .scan(0, |at, &(_, inner)| {
            let start = *at;
            *at += inner;
            Some(start)
        })
        .collect();
    step.each_operand(|i| {
        let ((outer, inner), at) = (runs[i], starts[i]);
        let len = outer * inner;
        quote!(#k::concat::concat_part::<#t, #outer, #inner, #row, #at, #len, #n>(src, dst))
    })
}
