//! `tinyml inspect`: a table of a model's operators with shapes, options,
//! parameters, MACs and quantization, and the totals, including the
//! activation RAM the generated model would need.
//!
//! This works on any model the parser reads, int8 and unsupported operators
//! included: it describes the TFLite graph itself, not the lowered one.

use std::fmt::Write as _;

use crate::graph;
use crate::tflite::{Activation, DType, Model, OpKind, Operator, Options, Padding, Quantization};

/// Per-operator numbers, as shown in the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpStats {
    /// Parameters: elements of the operator's constant weights and biases.
    pub params: u64,
    /// Bytes of those parameters in the file.
    pub param_bytes: u64,
    /// Multiply-accumulates of conv, depthwise conv and dense layers.
    pub macs: u64,
}

/// The totals of [`report`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Totals {
    /// Sum of [`OpStats::params`].
    pub params: u64,
    /// Sum of [`OpStats::param_bytes`].
    pub param_bytes: u64,
    /// Sum of [`OpStats::macs`].
    pub macs: u64,
    /// The generated model's `RAM_BYTES`, if it can be imported (see
    /// [`activation_ram`]).
    pub activation_ram: Option<u64>,
}

/// The parameters and MACs of one operator.
pub fn op_stats(model: &Model<'_>, op: &Operator) -> OpStats {
    let tensor = |i: usize| op.input(i).map(|t| &model.tensors[t]);
    let weighted = matches!(
        op.kind,
        OpKind::Conv2d
            | OpKind::DepthwiseConv2d
            | OpKind::FullyConnected
            | OpKind::UnidirectionalSequenceLstm
    );
    let mut params = 0u64;
    let mut param_bytes = 0u64;
    for (i, t) in op.inputs.iter().enumerate() {
        let Some(t) = t.map(|t| &model.tensors[t]) else {
            continue;
        };
        let Some(data) = t.data else { continue };
        // Weights and biases (an int32 bias of a quantized conv too), and
        // float or quantized-int constant operands of other ops; not shape
        // and axis operands such as RESHAPE's new shape.
        let counts = if weighted {
            i >= 1
        } else {
            op.kind != OpKind::Reshape
                && (t.dtype == DType::FLOAT32
                    || t.dtype == DType::FLOAT16
                    || t.dtype.is_quantized_int())
        };
        if counts {
            params = params.saturating_add(t.elements().map_or(0, |n| n as u64));
            param_bytes = param_bytes.saturating_add(data.len() as u64);
        }
    }
    let out_elems = op
        .outputs
        .first()
        .and_then(|&o| model.tensors[o].elements())
        .unwrap_or(0) as u64;
    let macs = match op.kind {
        OpKind::Conv2d => tensor(1).map_or(0, |w| {
            // OHWI: each output element takes KH*KW*I products.
            let per = w.shape.get(1..).map_or(0, |s| {
                s.iter().fold(1u64, |acc, &d| acc.saturating_mul(d as u64))
            });
            out_elems.saturating_mul(per)
        }),
        OpKind::DepthwiseConv2d => tensor(1).map_or(0, |w| {
            let per = match w.shape.as_slice() {
                [_, kh, kw, _] => (*kh as u64).saturating_mul(*kw as u64),
                _ => 0,
            };
            out_elems.saturating_mul(per)
        }),
        OpKind::FullyConnected => tensor(1).map_or(0, |w| {
            let per = w.shape.last().map_or(0, |&d| d as u64);
            out_elems.saturating_mul(per)
        }),
        // Each step's hidden state: four gates of `features + units` products.
        OpKind::UnidirectionalSequenceLstm => tensor(2).map_or(0, |w| match w.shape.as_slice() {
            [units, features] => out_elems.saturating_mul(4 * (*units as u64 + *features as u64)),
            _ => 0,
        }),
        _ => 0,
    };
    OpStats {
        params,
        param_bytes,
        macs,
    }
}

/// The generated model's `RAM_BYTES` (activation memory, planned by the
/// macro's own planner on the layers `tinyml import` would declare), or
/// `None` if the model cannot be imported.
pub fn activation_ram(model: &Model<'_>) -> Option<u64> {
    let graph = graph::lower(model).ok()?;
    Some(crate::emit::emit(&graph, "", "Model", false).ram_bytes as u64)
}

/// Sums [`op_stats`] over all operators and adds [`activation_ram`].
pub fn totals(model: &Model<'_>) -> Totals {
    let mut t = Totals {
        params: 0,
        param_bytes: 0,
        macs: 0,
        activation_ram: activation_ram(model),
    };
    for op in &model.operators {
        let s = op_stats(model, op);
        t.params = t.params.saturating_add(s.params);
        t.param_bytes = t.param_bytes.saturating_add(s.param_bytes);
        t.macs = t.macs.saturating_add(s.macs);
    }
    t
}

/// The whole `tinyml inspect` output for `model`, read from `file_name`.
pub fn report(model: &Model<'_>, file_name: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "model: {file_name}  (schema v{}, {:?}, {} subgraph{}{})",
        model.version,
        model.description.as_deref().unwrap_or(""),
        model.subgraph_count,
        if model.subgraph_count == 1 { "" } else { "s" },
        if model.subgraph_count > 1 {
            "; only the first is shown"
        } else {
            ""
        },
    );
    for (what, list) in [("input ", &model.inputs), ("output", &model.outputs)] {
        for &t in list.iter() {
            let tensor = &model.tensors[t];
            let _ = writeln!(
                out,
                "{what}: tensor {t} `{}` {} {}{}",
                short_name(&tensor.name),
                tensor.dtype,
                compact_shape(&tensor.shape),
                tensor
                    .quantization
                    .as_ref()
                    .map(|q| format!("  {}", quant_summary(q)))
                    .unwrap_or_default()
            );
        }
    }
    out.push('\n');

    let header = [
        "#",
        "op",
        "input → output",
        "options",
        "params",
        "MACs",
        "quantization",
    ];
    let mut rows: Vec<[String; 7]> = Vec::new();
    for op in &model.operators {
        let stats = op_stats(model, op);
        let inputs: Vec<String> = op
            .inputs
            .iter()
            .flatten()
            .map(|&t| &model.tensors[t])
            .filter(|t| !t.is_const())
            .map(|t| compact_shape(&t.shape))
            .collect();
        let outputs: Vec<String> = op
            .outputs
            .iter()
            .map(|&t| compact_shape(&model.tensors[t].shape))
            .collect();
        rows.push([
            op.index.to_string(),
            op.name.clone(),
            format!("{} → {}", inputs.join(" + "), outputs.join(", ")),
            options_text(model, op),
            if stats.params == 0 {
                "-".into()
            } else {
                thousands(stats.params)
            },
            if stats.macs == 0 {
                "-".into()
            } else {
                thousands(stats.macs)
            },
            op_quant(model, op),
        ]);
    }
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let right = [true, false, false, false, true, true, false];
    let line = |cells: [&str; 7], out: &mut String| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let pad = widths[i].saturating_sub(cell.chars().count());
            if i > 0 {
                text.push_str("  ");
            }
            if right[i] {
                text.push_str(&" ".repeat(pad));
                text.push_str(cell);
            } else {
                text.push_str(cell);
                if i + 1 < cells.len() {
                    text.push_str(&" ".repeat(pad));
                }
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(header, &mut out);
    for row in &rows {
        line(row.each_ref().map(String::as_str), &mut out);
    }

    let totals = totals(model);
    out.push('\n');
    let _ = writeln!(
        out,
        "total: {} ops, {} parameters ({}), {} MACs",
        model.operators.len(),
        thousands(totals.params),
        human_bytes(totals.param_bytes),
        thousands(totals.macs)
    );
    match totals.activation_ram {
        Some(bytes) => {
            let _ = writeln!(
                out,
                "activation RAM: {} bytes ({}): the imported model's RAM_BYTES, planned as tiny_model! plans it",
                thousands(bytes),
                human_bytes(bytes)
            );
        }
        None => {
            let _ = writeln!(
                out,
                "activation RAM: unknown (the model cannot be imported)"
            );
        }
    }
    match graph::lower(model) {
        Ok(g) => {
            let element = match g.element {
                graph::Element::F32 => "",
                graph::Element::I8 => "int8, ",
            };
            let _ = writeln!(
                out,
                "tinyml import: supported ({element}{} layers)",
                g.nodes.len()
            );
        }
        Err(e) => {
            let _ = writeln!(out, "tinyml import: not supported: {e}");
        }
    }
    out
}

fn act_text(a: Activation) -> Option<String> {
    match a {
        Activation::None => None,
        other => Some(other.to_string().to_lowercase()),
    }
}

fn pad_text(p: Padding) -> &'static str {
    match p {
        Padding::Same => "same",
        Padding::Valid => "valid",
    }
}

fn options_text(model: &Model<'_>, op: &Operator) -> String {
    let kernel = || {
        op.input(1)
            .map(|t| &model.tensors[t].shape)
            .and_then(|s| match s.as_slice() {
                [_, kh, kw, _] => Some(format!("{kh}x{kw}")),
                _ => None,
            })
            .unwrap_or_else(|| "?".into())
    };
    let mut parts: Vec<String> = Vec::new();
    match &op.options {
        Options::Conv2d(c)
        | Options::DepthwiseConv2d { conv: c, .. }
        | Options::TransposeConv(c) => {
            parts.push(kernel());
            parts.push(format!("stride {}", pair(c.stride_h, c.stride_w)));
            parts.push(pad_text(c.padding).into());
            if (c.dilation_h, c.dilation_w) != (1, 1) {
                parts.push(format!("dilation {}", pair(c.dilation_h, c.dilation_w)));
            }
            if let Options::DepthwiseConv2d {
                depth_multiplier, ..
            } = &op.options
            {
                parts.push(format!("multiplier {depth_multiplier}"));
            }
            parts.extend(act_text(c.activation));
        }
        Options::Pool {
            padding,
            stride_h,
            stride_w,
            filter_h,
            filter_w,
            activation,
        } => {
            parts.push(format!("{filter_h}x{filter_w}"));
            parts.push(format!("stride {}", pair(*stride_h, *stride_w)));
            parts.push(pad_text(*padding).into());
            parts.extend(act_text(*activation));
        }
        Options::FullyConnected {
            activation,
            default_weights_format,
            keep_num_dims,
        } => {
            parts.extend(act_text(*activation));
            if !default_weights_format {
                parts.push("shuffled weights".into());
            }
            if *keep_num_dims {
                parts.push("keep_num_dims".into());
            }
        }
        Options::Softmax { beta } => parts.push(format!("beta {beta}")),
        Options::Add { activation } | Options::Sub { activation } | Options::Mul { activation } => {
            parts.extend(act_text(*activation))
        }
        Options::StridedSlice {
            begin_mask,
            end_mask,
            shrink_axis_mask,
            ..
        } => parts.push(format!(
            "masks begin {begin_mask} end {end_mask} shrink {shrink_axis_mask}"
        )),
        Options::Pack { axis } | Options::Concatenation { axis, .. } | Options::Gather { axis } => {
            parts.push(format!("axis {axis}"))
        }
        Options::Reducer { keep_dims } => {
            if *keep_dims {
                parts.push("keep_dims".into());
            }
        }
        Options::Squeeze { squeeze_dims } if !squeeze_dims.is_empty() => {
            parts.push(format!("dims {squeeze_dims:?}"))
        }
        Options::LeakyRelu { alpha } => parts.push(format!("alpha {alpha}")),
        Options::UnidirectionalSequenceLstm {
            activation,
            cell_clip,
            time_major,
            ..
        } => {
            parts.push(format!("cell {activation}"));
            if *cell_clip > 0.0 {
                parts.push(format!("cell_clip {cell_clip}"));
            }
            if *time_major {
                parts.push("time_major".into());
            }
        }
        Options::ResizeNearestNeighbor {
            align_corners,
            half_pixel_centers,
        } => {
            if *align_corners {
                parts.push("align_corners".into());
            }
            if *half_pixel_centers {
                parts.push("half_pixel_centers".into());
            }
        }
        Options::Reshape { .. } | Options::Squeeze { .. } | Options::None => {}
        Options::Other(name) => parts.push(format!("({name})")),
    }
    if parts.is_empty() {
        "-".into()
    } else {
        parts.join(" ")
    }
}

fn pair(h: i32, w: i32) -> String {
    if h == w {
        h.to_string()
    } else {
        format!("{h}x{w}")
    }
}

/// Quantization of the op's output and (if quantized) its weights.
fn op_quant(model: &Model<'_>, op: &Operator) -> String {
    let mut parts = Vec::new();
    if let Some(q) = op
        .outputs
        .first()
        .and_then(|&t| model.tensors[t].quantization.as_ref())
    {
        parts.push(format!("out {}", quant_summary(q)));
    }
    if matches!(
        op.kind,
        OpKind::Conv2d | OpKind::DepthwiseConv2d | OpKind::FullyConnected
    ) && let Some(q) = op
        .input(1)
        .and_then(|t| model.tensors[t].quantization.as_ref())
    {
        parts.push(format!("w {}", quant_summary(q)));
    }
    if parts.is_empty() {
        "-".into()
    } else {
        parts.join("; ")
    }
}

/// `s=0.0235 zp=-128`, or for per-channel `per-channel(64, axis 0) s=[a..b] zp=0`.
pub fn quant_summary(q: &Quantization) -> String {
    let zp = match (q.zero_point.iter().min(), q.zero_point.iter().max()) {
        (Some(lo), Some(hi)) if lo == hi => lo.to_string(),
        (Some(lo), Some(hi)) => format!("[{lo}..{hi}]"),
        _ => "0".into(),
    };
    if q.scale.len() == 1 {
        return format!("s={} zp={zp}", fmt_scale(q.scale[0]));
    }
    let lo = q.scale.iter().copied().fold(f32::INFINITY, f32::min);
    let hi = q.scale.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    format!(
        "per-channel({}, axis {}) s=[{}..{}] zp={zp}",
        q.scale.len(),
        q.axis,
        fmt_scale(lo),
        fmt_scale(hi)
    )
}

fn fmt_scale(s: f32) -> String {
    if s != 0.0 && (s.abs() < 1e-3 || s.abs() >= 1e4) {
        format!("{s:.3e}")
    } else {
        format!("{s:.6}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_owned()
    }
}

fn compact_shape(shape: &[usize]) -> String {
    let dims: Vec<String> = shape.iter().map(usize::to_string).collect();
    format!("[{}]", dims.join(","))
}

fn short_name(name: &str) -> String {
    // Converters join fused names with `;`; the last one names the result.
    let name = name.rsplit(';').next().unwrap_or(name);
    let name: String = name
        .chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    if name.chars().count() > 60 {
        format!("{}…", name.chars().take(59).collect::<String>())
    } else {
        name
    }
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn human_bytes(n: u64) -> String {
    const KIB: f64 = 1024.0;
    let x = n as f64;
    if x < KIB {
        format!("{n} B")
    } else if x < KIB * KIB {
        format!("{:.1} KiB", x / KIB)
    } else {
        format!("{:.2} MiB", x / (KIB * KIB))
    }
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(2_656_768), "2,656,768");
    }
}
