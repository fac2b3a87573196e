//! `slice(begin = [..], end = [..], stride = [..])`: read (each list has
//! one entry per dimension after the batch; `begin` defaults to the start,
//! `end` to `_`, the end, and `stride` to 1) and expanded as one strided
//! copy. In `i8` it keeps its input's quantization (TFLM copies bytes).

use proc_macro2::{Span, TokenStream};
use quote::quote;
use tinyml_kernels::strided::Strided;
pub(super) use tinyml_spec::ops::slice::Slice;

use super::{MacroOp, strided};
use crate::ast::{LayerCall, Value};
use crate::check::args::{self, Files, Signature, value_span};
use crate::check::int8::Record;
use crate::ctxt::Ctxt;
use crate::expand::Step;
use crate::ir::Int8Node;

const SIGNATURE: Signature = Signature {
    usage: "slice(begin = [b, …], end = [e or _, …], stride = [s, …])",
    positional: &[],
    named: &["begin", "end", "stride"],
};

impl MacroOp for Slice {
    fn parse<'a>(call: &'a LayerCall, cx: &Ctxt) -> Option<(Self, Files<'a>)> {
        let args = args::read(call, &SIGNATURE, cx)?;
        // The lists given, each with its value's span.
        let mut lists: Vec<(&str, Span, Vec<&Value>)> = Vec::new();
        let mut unread = false;
        for (name, example) in [("begin", "[1, 0]"), ("end", "[9, _]"), ("stride", "[2, 1]")] {
            if let Some(value) = args.named(name) {
                match args::list(value, name, example, cx) {
                    Some(items) => lists.push((name, value_span(value), items)),
                    None => unread = true,
                }
            }
        }
        if unread {
            return None;
        }
        let Some((first, _, items)) = lists.first() else {
            let span = call
                .args
                .as_ref()
                .map_or(call.name.span(), |(delimiter, _)| delimiter.span());
            cx.error(
                span,
                "`slice` needs `begin`, `end` or `stride`, each a list with one entry per dimension after the batch: \
                 `slice(begin = [1, 0], end = [9, _])` (`_`: to the end)",
            );
            return None;
        };
        let rank = items.len();
        for (name, span, items) in &lists[1..] {
            if items.len() != rank {
                cx.error(
                    *span,
                    format_args!(
                        "`{name}` has {} but `{first}` has {rank}: one entry per dimension after the batch",
                        entries(items.len())
                    ),
                );
                return None;
            }
        }
        let items = |name: &str| {
            lists
                .iter()
                .find(|(given, _, _)| *given == name)
                .map(|(_, _, items)| items)
        };
        let begin = match items("begin") {
            Some(items) => items.iter().map(|v| args::index(v, "begin", cx)).collect(),
            None => Some(vec![0; rank]),
        };
        let end = match items("end") {
            Some(items) => items
                .iter()
                .map(|v| match v {
                    Value::Underscore(_) => Some(None),
                    other => args::count(other, "end", cx).map(Some),
                })
                .collect(),
            None => Some(vec![None; rank]),
        };
        let stride = match items("stride") {
            Some(items) => items.iter().map(|v| args::count(v, "stride", cx)).collect(),
            None => Some(vec![1; rank]),
        };
        let slice = Slice {
            begin: begin?,
            end: end?,
            stride: stride?,
        };
        Some((slice, Files::default()))
    }

    fn prepare_int8(&self, _record: &Record<'_>) -> Option<Int8Node> {
        // No record: it keeps its input's quantization.
        None
    }

    fn expand(&self, step: &Step<'_>) -> TokenStream {
        strided::expand(step, &step.t, walk(self, step))
    }

    fn expand_int8(&self, step: &Step<'_>, _prepared: Option<&Int8Node>) -> TokenStream {
        strided::expand(step, &quote!(i8), walk(self, step))
    }
}

fn walk(slice: &Slice, step: &Step<'_>) -> Option<Strided> {
    let input = step.input_shape();
    Strided::slice(input, &slice.ranges(input).ok()?)
}

/// `1 entry`, `3 entries`.
fn entries(n: usize) -> String {
    if n == 1 {
        "1 entry".into()
    } else {
        format!("{n} entries")
    }
}
