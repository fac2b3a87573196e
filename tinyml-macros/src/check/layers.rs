//! Lowering one layer call to a kernel: its arguments, its output shape, and
//! the parameter files it declares.

use super::args::{self, Args, Signature, value_span};
use super::suggest::did_you_mean;
use crate::ast::{Delimiter, IncludeBytes, LayerCall, Value};
use crate::ctxt::Ctxt;
use crate::ir::{Activation, Op, Params, Window};

/// Every layer name the chain accepts, for "did you mean".
pub(crate) const LAYER_NAMES: &[&str] = &[
    "conv2d",
    "depthwise_conv2d",
    "dense",
    "relu",
    "relu6",
    "max_pool",
    "avg_pool",
    "global_avg_pool",
    "flatten",
    "reshape",
    "softmax",
    "add",
];

/// A layer lowered to a kernel, before its parameters are located.
pub(crate) struct Lowered<'a> {
    pub(crate) op: Op,
    pub(crate) shape: Vec<usize>,
    pub(crate) label: String,
    /// For layers with parameters: what they declared and what they need.
    pub(crate) files: Option<LayerFiles<'a>>,
}

/// The parameter files a layer names itself, and the shapes they must have.
pub(crate) struct LayerFiles<'a> {
    pub(crate) weights: Option<&'a IncludeBytes>,
    pub(crate) bias: Option<&'a IncludeBytes>,
    pub(crate) weights_shape: Vec<usize>,
    pub(crate) bias_len: usize,
}

const CONV2D: Signature = Signature {
    usage: "conv2d(filters, KHxKW, stride = S, padding = same|valid)",
    positional: &["filters", "kernel size"],
    named: &["stride", "padding", "weights", "bias"],
};
const DEPTHWISE: Signature = Signature {
    usage: "depthwise_conv2d(KHxKW, multiplier = M, stride = S, padding = same|valid)",
    positional: &["kernel size"],
    named: &["multiplier", "stride", "padding", "weights", "bias"],
};
const DENSE: Signature = Signature {
    usage: "dense(units)",
    positional: &["units"],
    named: &["weights", "bias"],
};
const POOL: Signature = Signature {
    usage: "max_pool(KHxKW, stride = S, padding = same|valid)",
    positional: &["pool size"],
    named: &["stride", "padding"],
};
const NO_ARGS: Signature = Signature {
    usage: "",
    positional: &[],
    named: &[],
};

/// Lowers `call` applied to a tensor of shape `input` (`None` when an
/// earlier error left the shape unknown: arguments are still checked).
pub(crate) fn lower<'a>(
    call: &'a LayerCall,
    input: Option<&[usize]>,
    cx: &Ctxt,
) -> Option<Lowered<'a>> {
    let name = call.name.to_string();
    match name.as_str() {
        "conv2d" => conv2d(call, input, cx),
        "depthwise_conv2d" => depthwise_conv2d(call, input, cx),
        "dense" => dense(call, input, cx),
        "max_pool" | "avg_pool" => pool(call, input, cx),
        "relu" | "relu6" => {
            args::read(call, &NO_ARGS, cx)?;
            let activation = if name == "relu" {
                Activation::Relu
            } else {
                Activation::Relu6
            };
            simple(Op::Clamp(activation), input?.to_vec(), name)
        }
        "softmax" => {
            args::read(call, &NO_ARGS, cx)?;
            let input = input?;
            if input.len() != 1 {
                cx.error(
                    call.name.span(),
                    format_args!(
                        "`softmax` needs a 1-D input, but its input here has shape {}; add `-> flatten` before it",
                        shape_text(input)
                    ),
                );
                return None;
            }
            simple(Op::Softmax, input.to_vec(), name)
        }
        "flatten" => {
            args::read(call, &NO_ARGS, cx)?;
            simple(Op::Reshape, vec![input?.iter().product()], name)
        }
        "global_avg_pool" => {
            args::read(call, &NO_ARGS, cx)?;
            let [_, _, c] = image(call, input?, cx)?;
            simple(Op::GlobalAvgPool, vec![c], name)
        }
        "reshape" => reshape(call, input, cx),
        "add" => {
            cx.error(
                call.name.span(),
                "`add` combines two named tensors, so it starts a chain: `add(a, b) -> …`",
            );
            None
        }
        _ => {
            cx.error(
                call.name.span(),
                format_args!("unknown layer `{name}`{}", did_you_mean(&name, LAYER_NAMES))
                    .to_string()
                    + &supported_hint(&name),
            );
            None
        }
    }
}

fn supported_hint(name: &str) -> String {
    if did_you_mean(name, LAYER_NAMES).is_empty() {
        format!(
            "; the layers are {}",
            LAYER_NAMES
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    } else {
        String::new()
    }
}

fn simple<'a>(op: Op, shape: Vec<usize>, label: String) -> Option<Lowered<'a>> {
    Some(Lowered {
        op,
        shape,
        label,
        files: None,
    })
}

fn conv2d<'a>(call: &'a LayerCall, input: Option<&[usize]>, cx: &Ctxt) -> Option<Lowered<'a>> {
    let args = args::read(call, &CONV2D, cx)?;
    let filters = args::count(args.positional[0], "filters", cx);
    let geometry = geometry(&args, 1, cx);
    let files = files(&args, cx);
    let (filters, (kernel, stride, same)) = (filters?, geometry?);
    let window = window(call, input?, kernel, stride, same, args.positional[1], cx)?;
    let weights_shape = vec![filters, window.kernel_h, window.kernel_w, window.in_c];
    let label = format!(
        "conv2d({filters}, {}x{}{})",
        kernel.0,
        kernel.1,
        options_text(stride, (1, 1), same)
    );
    Some(Lowered {
        op: Op::Conv2d {
            window,
            filters,
            params: Params::pending(),
            activation: Activation::None,
        },
        shape: vec![window.out_h, window.out_w, filters],
        label,
        files: Some(LayerFiles {
            weights: files.0,
            bias: files.1,
            weights_shape,
            bias_len: filters,
        }),
    })
}

fn depthwise_conv2d<'a>(
    call: &'a LayerCall,
    input: Option<&[usize]>,
    cx: &Ctxt,
) -> Option<Lowered<'a>> {
    let args = args::read(call, &DEPTHWISE, cx)?;
    let multiplier = match args.named("multiplier") {
        Some(value) => args::count(value, "multiplier", cx),
        None => Some(1),
    };
    let geometry = geometry(&args, 0, cx);
    let files = files(&args, cx);
    let (multiplier, (kernel, stride, same)) = (multiplier?, geometry?);
    let window = window(call, input?, kernel, stride, same, args.positional[0], cx)?;
    let channels = window.in_c * multiplier;
    let weights_shape = vec![1, window.kernel_h, window.kernel_w, channels];
    let multiplier_text = if multiplier == 1 {
        String::new()
    } else {
        format!(", multiplier = {multiplier}")
    };
    let label = format!(
        "depthwise_conv2d({}x{}{multiplier_text}{})",
        kernel.0,
        kernel.1,
        options_text(stride, (1, 1), same)
    );
    Some(Lowered {
        op: Op::DepthwiseConv2d {
            window,
            multiplier,
            params: Params::pending(),
            activation: Activation::None,
        },
        shape: vec![window.out_h, window.out_w, channels],
        label,
        files: Some(LayerFiles {
            weights: files.0,
            bias: files.1,
            weights_shape,
            bias_len: channels,
        }),
    })
}

fn dense<'a>(call: &'a LayerCall, input: Option<&[usize]>, cx: &Ctxt) -> Option<Lowered<'a>> {
    let args = args::read(call, &DENSE, cx)?;
    let units = args::count(args.positional[0], "units", cx);
    let files = files(&args, cx);
    let (units, inputs) = (units?, input?.iter().product::<usize>());
    Some(Lowered {
        op: Op::Dense {
            inputs,
            units,
            params: Params::pending(),
            activation: Activation::None,
        },
        shape: vec![units],
        label: format!("dense({units})"),
        files: Some(LayerFiles {
            weights: files.0,
            bias: files.1,
            weights_shape: vec![units, inputs],
            bias_len: units,
        }),
    })
}

fn pool<'a>(call: &'a LayerCall, input: Option<&[usize]>, cx: &Ctxt) -> Option<Lowered<'a>> {
    let args = args::read(call, &POOL, cx)?;
    let kernel = args::size2(args.positional[0], "the pool size", false, cx);
    let stride = args
        .named("stride")
        .map(|value| args::size2(value, "the stride", true, cx));
    let same = args.named("padding").map(|value| args::padding(value, cx));
    let kernel = kernel?;
    let stride = stride.unwrap_or(Some(kernel))?;
    let same = same.unwrap_or(Some(false))?;
    let window = window(call, input?, kernel, stride, same, args.positional[0], cx)?;
    let name = call.name.to_string();
    let label = format!(
        "{name}({}x{}{})",
        kernel.0,
        kernel.1,
        options_text(stride, kernel, same)
    );
    let op = if name == "max_pool" {
        Op::MaxPool {
            window,
            activation: Activation::None,
        }
    } else {
        Op::AvgPool {
            window,
            activation: Activation::None,
        }
    };
    simple(op, vec![window.out_h, window.out_w, window.in_c], label)
}

fn reshape<'a>(call: &'a LayerCall, input: Option<&[usize]>, cx: &Ctxt) -> Option<Lowered<'a>> {
    let Some((Delimiter::Bracket(span), list)) = &call.args else {
        let span = call
            .args
            .as_ref()
            .map_or(call.name.span(), |(delimiter, _)| delimiter.span());
        cx.error(
            span,
            "write the new shape in brackets: `reshape[d0, d1, …]`",
        );
        return None;
    };
    let mut shape = Vec::new();
    for arg in list {
        match arg {
            crate::ast::Arg::Positional(value) => shape.push(args::count(value, "dimension", cx)),
            crate::ast::Arg::Named { name, .. } => {
                cx.error(name.span(), "`reshape[…]` takes only dimensions");
                shape.push(None);
            }
        }
    }
    if shape.is_empty() {
        cx.error(*span, "`reshape[…]` needs at least one dimension");
        return None;
    }
    let shape: Vec<usize> = shape.into_iter().collect::<Option<_>>()?;
    let input = input?;
    let (have, want) = (
        input.iter().product::<usize>(),
        shape.iter().product::<usize>(),
    );
    if have != want {
        cx.error(
            *span,
            format_args!(
                "`reshape{}` has {want} elements, but its input {} has {have}",
                shape_text(&shape),
                shape_text(input)
            ),
        );
        return None;
    }
    let label = format!("reshape{}", shape_text(&shape));
    simple(Op::Reshape, shape, label)
}

/// Kernel size, stride, and whether padding is `same`.
type Geometry = ((usize, usize), (usize, usize), bool);

/// Kernel size (positional argument `kernel_at`), stride and padding.
fn geometry(args: &Args<'_>, kernel_at: usize, cx: &Ctxt) -> Option<Geometry> {
    let kernel = args::size2(args.positional[kernel_at], "the kernel size", false, cx);
    let stride = match args.named("stride") {
        Some(value) => args::size2(value, "the stride", true, cx),
        None => Some((1, 1)),
    };
    let same = match args.named("padding") {
        Some(value) => args::padding(value, cx),
        None => Some(false),
    };
    Some((kernel?, stride?, same?))
}

fn files<'a>(args: &Args<'a>, cx: &Ctxt) -> (Option<&'a IncludeBytes>, Option<&'a IncludeBytes>) {
    let weights = args
        .named("weights")
        .and_then(|value| args::file(value, "weights", cx));
    let bias = args
        .named("bias")
        .and_then(|value| args::file(value, "bias", cx));
    (weights, bias)
}

/// The `[h, w, c]` of an image input, or an error on the layer.
fn image(call: &LayerCall, input: &[usize], cx: &Ctxt) -> Option<[usize; 3]> {
    match *input {
        [h, w, c] => Some([h, w, c]),
        _ => {
            cx.error(
                call.name.span(),
                format_args!(
                    "`{}` needs a [height, width, channels] input, but its input here has shape {}",
                    call.name,
                    shape_text(input)
                ),
            );
            None
        }
    }
}

/// Output size and padding, following TFLite: `same` gives ceil(in / stride)
/// and puts the odd padding row/column at the bottom/right.
fn window(
    call: &LayerCall,
    input: &[usize],
    kernel: (usize, usize),
    stride: (usize, usize),
    same: bool,
    kernel_value: &Value,
    cx: &Ctxt,
) -> Option<Window> {
    let [in_h, in_w, in_c] = image(call, input, cx)?;
    let (kernel_h, kernel_w) = kernel;
    let (stride_h, stride_w) = stride;
    let (out_h, out_w, pad_top, pad_left) = if same {
        let out_h = in_h.div_ceil(stride_h);
        let out_w = in_w.div_ceil(stride_w);
        let pad_h = ((out_h - 1) * stride_h + kernel_h).saturating_sub(in_h);
        let pad_w = ((out_w - 1) * stride_w + kernel_w).saturating_sub(in_w);
        (out_h, out_w, pad_h / 2, pad_w / 2)
    } else {
        if kernel_h > in_h || kernel_w > in_w {
            let what = if call.name.to_string().ends_with("pool") {
                "pool"
            } else {
                "kernel"
            };
            cx.error(
                value_span(kernel_value),
                format_args!(
                    "{what} {kernel_h}x{kernel_w} is larger than its {in_h}x{in_w} input, so with `padding = valid` the output would be empty; use a {what} of at most {in_h}x{in_w} or `padding = same`"
                ),
            );
            return None;
        }
        (
            (in_h - kernel_h) / stride_h + 1,
            (in_w - kernel_w) / stride_w + 1,
            0,
            0,
        )
    };
    Some(Window {
        in_h,
        in_w,
        in_c,
        out_h,
        out_w,
        kernel_h,
        kernel_w,
        stride_h,
        stride_w,
        pad_top,
        pad_left,
    })
}

fn options_text(stride: (usize, usize), default_stride: (usize, usize), same: bool) -> String {
    let mut text = String::new();
    if stride != default_stride {
        if stride.0 == stride.1 {
            text += &format!(", stride = {}", stride.0);
        } else {
            text += &format!(", stride = {}x{}", stride.0, stride.1);
        }
    }
    if same {
        text += ", padding = same";
    }
    text
}

/// `[49, 10, 1]`.
pub(crate) fn shape_text(shape: &[usize]) -> String {
    let dims: Vec<String> = shape.iter().map(usize::to_string).collect();
    format!("[{}]", dims.join(", "))
}
