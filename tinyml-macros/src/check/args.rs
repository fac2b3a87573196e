//! Reading a layer's arguments against what the layer accepts: arity,
//! unknown and duplicate names, and the type of each value.

use proc_macro2::Span;
use syn::Ident;

use super::suggest::did_you_mean;
use crate::ast::{Arg, Delimiter, IncludeBytes, LayerCall, Value};
use crate::ctxt::Ctxt;
use tinyml_spec::{Hw, Padding};

/// What one layer accepts.
pub(crate) struct Signature {
    /// How the call is written, for messages: `conv2d(filters, KHxKW, …)`.
    pub(crate) usage: &'static str,
    /// Required positional arguments, in order.
    pub(crate) positional: &'static [&'static str],
    pub(crate) named: &'static [&'static str],
}

/// The arguments of one call, sorted out; values are interpreted on demand.
pub(crate) struct Args<'a> {
    pub(crate) positional: Vec<&'a Value>,
    named: Vec<(&'a Ident, &'a Value)>,
}

impl<'a> Args<'a> {
    pub(crate) fn named(&self, name: &str) -> Option<&'a Value> {
        self.named
            .iter()
            .find(|(ident, _)| *ident == name)
            .map(|(_, value)| *value)
    }
}

/// Checks arity and names; returns `None` if a required argument is missing.
pub(crate) fn read<'a>(call: &'a LayerCall, signature: &Signature, cx: &Ctxt) -> Option<Args<'a>> {
    let layer = call.name.to_string();
    let mut args = Args {
        positional: Vec::new(),
        named: Vec::new(),
    };
    let Some((delimiter, list)) = &call.args else {
        if !signature.positional.is_empty() {
            cx.error(
                call.name.span(),
                format_args!("`{layer}` needs arguments: `{}`", signature.usage),
            );
            return None;
        }
        return Some(args);
    };
    if signature.positional.is_empty() && signature.named.is_empty() {
        cx.error(
            delimiter.span(),
            format_args!("`{layer}` takes no arguments; write just `{layer}`"),
        );
        return Some(args);
    }
    if let Delimiter::Bracket(span) = delimiter {
        cx.error(
            *span,
            format_args!(
                "`{layer}` takes its arguments in parentheses: `{}`",
                signature.usage
            ),
        );
        return None;
    }
    for arg in list {
        match arg {
            Arg::Positional(value) => {
                if !args.named.is_empty() {
                    cx.error(
                        value_span(value),
                        "positional arguments come before named ones (`name = value`)",
                    );
                }
                if signature.positional.is_empty() {
                    cx.error(
                        value_span(value),
                        format_args!(
                            "`{layer}` takes only named arguments: `{}`",
                            signature.usage
                        ),
                    );
                } else if args.positional.len() == signature.positional.len() {
                    cx.error(
                        value_span(value),
                        format_args!(
                            "`{layer}` takes {} positional argument{}: `{}`",
                            signature.positional.len(),
                            if signature.positional.len() == 1 {
                                ""
                            } else {
                                "s"
                            },
                            signature.usage
                        ),
                    );
                } else {
                    args.positional.push(value);
                }
            }
            Arg::Named { name, value } => {
                let key = name.to_string();
                if !signature.named.contains(&key.as_str()) {
                    let known = if signature.named.is_empty() {
                        "it takes no named arguments".to_owned()
                    } else {
                        format!("it takes {}", list_names(signature.named))
                    };
                    cx.error(
                        name.span(),
                        format_args!(
                            "`{layer}` has no argument `{key}`{}",
                            match did_you_mean(&key, signature.named).as_str() {
                                "" => format!("; {known}"),
                                hint => hint.to_owned(),
                            }
                        ),
                    );
                } else if args.named.iter().any(|(seen, _)| *seen == name) {
                    cx.error(name.span(), format_args!("duplicate argument `{key}`"));
                } else {
                    args.named.push((name, value));
                }
            }
        }
    }
    if args.positional.len() < signature.positional.len() {
        let missing = &signature.positional[args.positional.len()..];
        cx.error(
            delimiter.span(),
            format_args!(
                "`{layer}` is missing {}: `{}`",
                list_names(missing),
                signature.usage
            ),
        );
        return None;
    }
    Some(args)
}

fn list_names(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

pub(crate) fn value_span(value: &Value) -> Span {
    match value {
        Value::Int(lit) => lit.span(),
        Value::Float(lit) => lit.span(),
        Value::Negative(span)
        | Value::Other(span)
        | Value::Underscore(span)
        | Value::List { span, .. } => *span,
        Value::Ident(ident) => ident.span(),
        Value::Bool(lit) => lit.span,
        Value::Include(include) => include.span,
        Value::Constant { keyword, .. } => keyword.span(),
    }
}

/// A count such as `filters` or `units`: a plain integer ≥ 1.
pub(crate) fn count(value: &Value, what: &str, cx: &Ctxt) -> Option<usize> {
    match value {
        // syn reads `-2` as one literal.
        Value::Int(lit) if lit.base10_digits().starts_with('-') => {
            cx.error(
                lit.span(),
                format_args!("`{what}` must be at least 1, found {}", lit.base10_digits()),
            );
            None
        }
        Value::Int(lit) if lit.suffix().is_empty() => match lit.base10_parse::<usize>() {
            Ok(0) => {
                cx.error(
                    lit.span(),
                    format_args!("`{what}` must be at least 1, found 0"),
                );
                None
            }
            Ok(n) => Some(n),
            Err(_) => {
                cx.error(lit.span(), format_args!("`{what}` is too large"));
                None
            }
        },
        Value::Negative(span) => {
            cx.error(
                *span,
                format_args!("`{what}` must be at least 1, found a negative number"),
            );
            None
        }
        other => {
            cx.error(
                value_span(other),
                format_args!("expected a number for `{what}`, such as `8`"),
            );
            None
        }
    }
}

/// A plain integer ≥ 0: a position or axis such as a slice's `begin`, or an
/// amount that may be zero, such as `pad`'s `top = 1`.
pub(crate) fn index(value: &Value, what: &str, cx: &Ctxt) -> Option<usize> {
    match value {
        Value::Int(lit) if lit.base10_digits() == "0" && lit.suffix().is_empty() => Some(0),
        Value::Int(lit) if lit.base10_digits().starts_with('-') => {
            cx.error(
                lit.span(),
                format_args!("`{what}` must be at least 0, found {}", lit.base10_digits()),
            );
            None
        }
        Value::Negative(span) => {
            cx.error(
                *span,
                format_args!("`{what}` must be at least 0, found a negative number"),
            );
            None
        }
        other => count(other, what, cx),
    }
}

/// A list `[a, b, …]` for `what` (`example` shows one); `None` (reported)
/// for anything else or an empty list.
pub(crate) fn list<'a>(
    value: &'a Value,
    what: &str,
    example: &str,
    cx: &Ctxt,
) -> Option<Vec<&'a Value>> {
    match value {
        Value::List { items, .. } if !items.is_empty() => Some(items.iter().collect()),
        Value::List { span, .. } => {
            cx.error(
                *span,
                format_args!(
                    "`{what}` needs one entry per dimension after the batch, such as `{example}`"
                ),
            );
            None
        }
        other => {
            cx.error(
                value_span(other),
                format_args!("expected a list in brackets for `{what}`, such as `{example}`"),
            );
            None
        }
    }
}

/// A real number `≥ 0` such as `alpha = 0.2`: a float or integer literal
/// without a suffix (or with `f32`) that is finite as an `f32`.
pub(crate) fn non_negative_real(value: &Value, what: &str, cx: &Ctxt) -> Option<f32> {
    let (digits, suffix, span) = match value {
        Value::Float(lit) => (lit.base10_digits(), lit.suffix(), lit.span()),
        Value::Int(lit) => (lit.base10_digits(), lit.suffix(), lit.span()),
        Value::Negative(span) => {
            cx.error(
                *span,
                format_args!("`{what}` must be at least 0, found a negative number"),
            );
            return None;
        }
        other => {
            cx.error(
                value_span(other),
                format_args!("expected a number for `{what}`, such as `0.2`"),
            );
            return None;
        }
    };
    if digits.starts_with('-') {
        cx.error(
            span,
            format_args!("`{what}` must be at least 0, found {digits}"),
        );
        return None;
    }
    if !matches!(suffix, "" | "f32") {
        cx.error(
            span,
            format_args!(
                "expected a plain number for `{what}`, such as `0.2`; found the suffix `{suffix}`"
            ),
        );
        return None;
    }
    match digits.parse::<f32>() {
        Ok(x) if x.is_finite() => Some(x),
        _ => {
            cx.error(
                span,
                format_args!("`{what}` = {digits} does not fit an f32"),
            );
            None
        }
    }
}

/// A flag such as `return_sequences`: `true` or `false`.
pub(crate) fn boolean(value: &Value, what: &str, cx: &Ctxt) -> Option<bool> {
    match value {
        Value::Bool(lit) => Some(lit.value),
        other => {
            cx.error(
                value_span(other),
                format_args!("expected `true` or `false` for `{what}`"),
            );
            None
        }
    }
}

/// A 2-D size such as `3x3` (kernel) or, if `square_ok`, also `2` (stride).
pub(crate) fn size2(
    value: &Value,
    what: &str,
    square_ok: bool,
    cx: &Ctxt,
) -> Option<(usize, usize)> {
    let example = if square_ok { "`2` or `2x1`" } else { "`3x3`" };
    let Value::Int(lit) = value else {
        let span = value_span(value);
        cx.error(
            span,
            format_args!("expected {what} as HxW, such as {example}"),
        );
        return None;
    };
    let text = lit.to_string();
    let parsed = match text.split_once('x') {
        Some((h, w)) => h.parse::<usize>().ok().zip(w.parse::<usize>().ok()),
        None if square_ok => text.parse::<usize>().ok().map(|n| (n, n)),
        None => None,
    };
    match parsed {
        Some((h, w)) if h > 0 && w > 0 => Some((h, w)),
        Some(_) => {
            cx.error(
                lit.span(),
                format_args!("{what} must be at least 1 in each dimension, found `{text}`"),
            );
            None
        }
        None => {
            cx.error(
                lit.span(),
                format_args!("expected {what} as HxW, such as {example}; found `{text}`"),
            );
            None
        }
    }
}

/// `padding = same | valid`.
pub(crate) fn padding(value: &Value, cx: &Ctxt) -> Option<Padding> {
    match value {
        Value::Ident(ident) if ident == "same" => Some(Padding::Same),
        Value::Ident(ident) if ident == "valid" => Some(Padding::Valid),
        other => {
            cx.error(
                value_span(other),
                "expected `same` or `valid` for `padding`",
            );
            None
        }
    }
}

/// `weights = include_bytes!("…")`.
pub(crate) fn file<'a>(value: &'a Value, what: &str, cx: &Ctxt) -> Option<&'a IncludeBytes> {
    match value {
        Value::Include(include) => Some(include),
        other => {
            cx.error(
                value_span(other),
                format_args!("expected `{what} = include_bytes!(\"file\")`"),
            );
            None
        }
    }
}

/// The window of a convolution or pool: the kernel size (positional
/// argument `kernel_at`), `stride = …` (default 1, or the kernel size for
/// pools) and `padding = …` (default `valid`).
pub(crate) fn window(
    args: &Args<'_>,
    kernel_at: usize,
    stride_defaults_to_kernel: bool,
    cx: &Ctxt,
) -> Option<(Hw, Hw, Padding)> {
    let what = if stride_defaults_to_kernel {
        "the pool size"
    } else {
        "the kernel size"
    };
    let kernel = size2(args.positional[kernel_at], what, false, cx);
    let stride = args
        .named("stride")
        .map(|value| size2(value, "the stride", true, cx));
    let padding = match args.named("padding") {
        Some(value) => padding(value, cx),
        None => Some(Padding::Valid),
    };
    let kernel = kernel?;
    let default_stride = if stride_defaults_to_kernel {
        kernel
    } else {
        (1, 1)
    };
    Some((kernel, stride.unwrap_or(Some(default_stride))?, padding?))
}

/// A 1-D length such as a kernel of `5` steps or a stride of `2`: an
/// integer ≥ 1, with a hint for a 2-D size written by habit.
pub(crate) fn length(value: &Value, what: &str, cx: &Ctxt) -> Option<usize> {
    let Value::Int(lit) = value else {
        let found = match value {
            Value::Negative(_) => format!("{what} must be at least 1, found a negative number"),
            _ => format!("expected {what} as a number of steps, such as `3`"),
        };
        cx.error(value_span(value), found);
        return None;
    };
    let text = lit.to_string();
    if lit.suffix().starts_with('x') {
        cx.error(
            lit.span(),
            format_args!(
                "expected {what} as one number of steps, such as `3`; found `{text}` (a 1-D layer has no height)"
            ),
        );
        return None;
    }
    match text.parse::<usize>() {
        Ok(n) if n > 0 => Some(n),
        _ if text.starts_with('-') || text == "0" => {
            cx.error(
                lit.span(),
                format_args!("{what} must be at least 1, found `{text}`"),
            );
            None
        }
        _ => {
            cx.error(
                lit.span(),
                format_args!("expected {what} as a number of steps, such as `3`; found `{text}`"),
            );
            None
        }
    }
}

/// [`window`] of a 1-D layer: lengths in steps.
pub(crate) fn window1d(
    args: &Args<'_>,
    kernel_at: usize,
    stride_defaults_to_kernel: bool,
    cx: &Ctxt,
) -> Option<(usize, usize, Padding)> {
    let what = if stride_defaults_to_kernel {
        "the pool size"
    } else {
        "the kernel size"
    };
    let kernel = length(args.positional[kernel_at], what, cx);
    let stride = args
        .named("stride")
        .map(|value| length(value, "the stride", cx));
    let padding = match args.named("padding") {
        Some(value) => padding(value, cx),
        None => Some(Padding::Valid),
    };
    let kernel = kernel?;
    let default_stride = if stride_defaults_to_kernel { kernel } else { 1 };
    Some((kernel, stride.unwrap_or(Some(default_stride))?, padding?))
}

/// `dilation = …`, which the 1-D convolutions name so that its refusal is
/// precise: TFLite's dilated convolutions are not implemented.
pub(crate) fn refuse_dilation(args: &Args<'_>, cx: &Ctxt) -> Option<()> {
    let Some(value) = args.named("dilation") else {
        return Some(());
    };
    if let Value::Int(lit) = value
        && lit.base10_digits() == "1"
        && lit.suffix().is_empty()
    {
        return Some(());
    }
    cx.error(
        value_span(value),
        "dilated convolutions are not supported: tinyml's convolution kernels have dilation 1; remove \
         `dilation`",
    );
    None
}

/// The parameter files a layer names itself (f32 and fixed-point models).
#[derive(Default)]
pub(crate) struct Files<'a> {
    pub(crate) weights: Option<&'a IncludeBytes>,
    pub(crate) bias: Option<&'a IncludeBytes>,
}

/// `weights = include_bytes!(…)` and `bias = include_bytes!(…)`, if given.
pub(crate) fn files<'a>(args: &Args<'a>, cx: &Ctxt) -> Files<'a> {
    let weights = args
        .named("weights")
        .and_then(|value| file(value, "weights", cx));
    let bias = args.named("bias").and_then(|value| file(value, "bias", cx));
    Files { weights, bias }
}

/// A layer that takes no arguments: `relu`, `softmax`, `flatten`, ….
pub(crate) fn none<'a>(call: &'a LayerCall, cx: &Ctxt) -> Option<Files<'a>> {
    const NO_ARGS: Signature = Signature {
        usage: "",
        positional: &[],
        named: &[],
    };
    read(call, &NO_ARGS, cx).map(|_| Files::default())
}

/// The span of positional argument `index` of `call`, if it has one.
pub(crate) fn positional_span(call: &LayerCall, index: usize) -> Option<Span> {
    let (_, list) = call.args.as_ref()?;
    list.iter()
        .filter_map(|arg| match arg {
            Arg::Positional(value) => Some(value_span(value)),
            Arg::Named { .. } => None,
        })
        .nth(index)
}
