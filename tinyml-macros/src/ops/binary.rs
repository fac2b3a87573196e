//! What the element-wise layers of two operands share: reading both forms
//! (`sub(a, b)` starting a chain, `-> sub(constant[6])` in one), the
//! broadcast of their operands, and their code.

use proc_macro2::TokenStream;
use quote::quote;
use tinyml_kernels::broadcast::Broadcast;
use tinyml_spec::ops::binary::Operand;

use crate::ast::{LayerCall, Value};
use crate::check::args::{self, Files, Signature};
use crate::ctxt::Ctxt;
use crate::expand::Step;

/// Reads `-> name(constant[d0, …], weights = …)` in a chain.
pub(super) fn parse<'a>(
    signature: &Signature,
    call: &'a LayerCall,
    cx: &Ctxt,
) -> Option<(Operand, Files<'a>)> {
    let layer = call.name.to_string();
    let tensors = call
        .args
        .iter()
        .flat_map(|(_, list)| list)
        .any(|arg| matches!(arg, crate::ast::Arg::Positional(Value::Ident(_))));
    if tensors {
        cx.error(
            call.name.span(),
            format_args!(
                "`{layer}` of two named tensors starts a chain: `{layer}(a, b) -> …`; in a chain it takes a constant: `-> {}`",
                signature.usage
            ),
        );
        return None;
    }
    let args = args::read(call, signature, cx)?;
    let files = args::files(&args, cx);
    let shape = match args.positional[0] {
        Value::Constant {
            keyword,
            dims,
            span,
        } if keyword == "constant" => {
            if dims.is_empty() {
                cx.error(*span, "a constant needs a shape, such as `constant[8]`");
                return None;
            }
            let dims: Vec<usize> = dims
                .iter()
                .map(|dim| args::count(&Value::Int(dim.clone()), "a constant dimension", cx))
                .collect::<Option<_>>()?;
            dims
        }
        other => {
            cx.error(
                args::value_span(other),
                format_args!("expected a constant operand: `{}`", signature.usage),
            );
            return None;
        }
    };
    Some((Operand::Constant(shape), files))
}

/// Reads `name(a, b)` at the start of a chain: two tensors, no other
/// arguments.
pub(super) fn combine(call: &LayerCall, operands: usize, cx: &Ctxt) -> Option<Operand> {
    let name = call.name.to_string();
    if operands != 2 {
        cx.error(
            call.args
                .as_ref()
                .map_or(call.name.span(), |(d, _)| d.span()),
            format_args!("`{name}` takes exactly two tensors, found {operands}"),
        );
        return None;
    }
    Some(Operand::Tensor)
}

/// A constant that does not fit its input is the constant's fault: the
/// error goes on `constant[…]`.
pub(super) fn constant_error_span(
    call: &LayerCall,
    error: &tinyml_spec::ShapeError,
) -> Option<proc_macro2::Span> {
    use tinyml_spec::ShapeError;
    match error {
        ShapeError::Operands { .. }
        | ShapeError::ConstantGrows { .. }
        | ShapeError::Rank { .. } => args::positional_span(call, 0),
        _ => None,
    }
}

/// The broadcast literal of the step's operands.
fn shape(step: &Step<'_>, rhs: &[usize]) -> TokenStream {
    let k = step.k();
    let (lhs, out) = (step.input_shape(), step.output_shape());
    let Some(Broadcast { dims, lhs, rhs }) = Broadcast::new(lhs, rhs, out) else {
        return step.unprepared();
    };
    quote!(#k::broadcast::Broadcast { dims: [#(#dims),*], lhs: [#(#lhs),*], rhs: [#(#rhs),*] })
}

/// The step of `operand`: `kernel(A, B, N)` is the kernel's path for
/// operands of `A` and `B` elements and an output of `N`, and `extra` its
/// last arguments (the clamp or quantization), after `lhs, rhs, dst, &shape`.
pub(super) fn expand(
    step: &Step<'_>,
    operand: &Operand,
    kernel: impl Fn(usize, usize, usize) -> TokenStream,
    extra: Option<TokenStream>,
) -> TokenStream {
    let (a, n) = (step.input_len(), step.output_len());
    let extra = extra.map(|e| quote!(, #e));
    match operand {
        Operand::Tensor => {
            let rhs_shape = step.operand_shape(1);
            let b = tinyml_spec::shape::elements(rhs_shape).unwrap_or(0);
            let shape = shape(step, rhs_shape);
            let call = kernel(a, b, n);
            step.binary(quote!(#call(lhs, rhs, dst, &#shape #extra)))
        }
        Operand::Constant(constant) => {
            let (w, b) = (step.weights(), step.weights_len());
            let shape = shape(step, constant);
            let call = kernel(a, b, n);
            step.kernel(quote!(#call(src, &#w, dst, &#shape #extra)))
        }
    }
}

/// The [`MacroOp`](super::MacroOp) of one element-wise layer, in its own
/// file: `usage` for messages, `f32` its `f32`/fixed-point kernel in
/// `kernels::elementwise`, `clamp` whether it takes a fused activation,
/// `prepare` its `i8` prepare step on a `Record`, and `int8` the `i8`
/// kernel for the prepared node: `Some((kernel, quant))`, where
/// `kernel(A, B, N)` is its path and `quant` its last argument.
macro_rules! binary_macro_op {
    (
        $ty:ident, usage = $usage:literal, f32 = $f32:ident, clamp = $clamp:literal,
        prepare = $prepare:expr,
        int8 = |$step:ident, $prepared:ident| $int8:expr $(,)?
    ) => {
        const SIGNATURE: $crate::check::args::Signature = $crate::check::args::Signature {
            usage: $usage,
            positional: &["constant"],
            named: &["weights"],
        };

        impl $crate::ops::MacroOp for $ty {
            fn parse<'a>(
                call: &'a $crate::ast::LayerCall,
                cx: &$crate::ctxt::Ctxt,
            ) -> Option<(Self, $crate::check::args::Files<'a>)> {
                $crate::ops::binary::parse(&SIGNATURE, call, cx).map(|(operand, files)| ($ty(operand), files))
            }

            fn error_span(
                call: &$crate::ast::LayerCall,
                error: &tinyml_spec::ShapeError,
            ) -> Option<proc_macro2::Span> {
                $crate::ops::binary::constant_error_span(call, error)
            }

            fn combine(call: &$crate::ast::LayerCall, operands: usize, cx: &$crate::ctxt::Ctxt) -> Option<Self> {
                $crate::ops::binary::combine(call, operands, cx).map($ty)
            }

            fn prepare_int8(&self, record: &$crate::check::int8::Record<'_>) -> Option<$crate::ir::Int8Node> {
                let prepare: fn(&$crate::check::int8::Record<'_>) -> Option<$crate::ir::Int8Node> = $prepare;
                prepare(record)
            }

            fn expand(&self, step: &$crate::expand::Step<'_>) -> proc_macro2::TokenStream {
                let (t, k) = (&step.t, step.k());
                let kernel = |a, b, n| quote::quote!(#k::elementwise::$f32::<#t, #a, #b, #n>);
                $crate::ops::binary::expand(step, &self.0, kernel, $clamp.then(|| step.clamp()))
            }

            fn expand_int8(
                &self,
                $step: &$crate::expand::Step<'_>,
                $prepared: Option<&$crate::ir::Int8Node>,
            ) -> proc_macro2::TokenStream {
                match $int8 {
                    Some((kernel, quant)) => $crate::ops::binary::expand($step, &self.0, kernel, quant),
                    None => $step.unprepared(),
                }
            }
        }
    };
}
pub(super) use binary_macro_op;
