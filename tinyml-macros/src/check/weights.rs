//! Locating every layer's parameters and checking the files against the
//! declared shapes (and, for fixed-point models, against the type's range).
//!
//! Weight files always hold raw little-endian `f32` in TFLite's layouts; a
//! fixed-point model converts them at compile time, so one trained export
//! serves every element type.

use std::path::PathBuf;

use syn::LitStr;

use tinyml_spec::{ParamShape, shape_text};

use super::args::Files;
use crate::ast::WeightsDecl;
use crate::ctxt::Ctxt;
use crate::ir::{Blob, Elem, Node, Params};

/// One layer that has parameters, as lowered.
pub(crate) struct ParamLayer<'a> {
    /// Index into the graph's nodes.
    pub(crate) node: usize,
    /// The files the layer names itself.
    pub(crate) files: Files<'a>,
    /// The shapes they must have.
    pub(crate) shape: ParamShape,
}

const F32_BYTES: usize = 4;

/// Fills in every parameter layer's [`Params`]; returns the model-level file.
pub(crate) fn locate(
    layers: &[ParamLayer<'_>],
    nodes: &mut [Node],
    decls: &[WeightsDecl],
    elem: Option<Elem>,
    cx: &Ctxt,
) -> Option<LitStr> {
    match decls.first() {
        Some(decl) => model_file(layers, nodes, decl, elem, cx),
        None => {
            for layer in layers {
                own_files(layer, nodes, elem, cx);
            }
            None
        }
    }
}

fn own_files(layer: &ParamLayer<'_>, nodes: &mut [Node], elem: Option<Elem>, cx: &Ctxt) {
    let node = &nodes[layer.node].extra;
    let (files, shape) = (&layer.files, &layer.shape);
    let weights_len: usize = shape.weights.iter().product();
    let Some(weights) = files.weights else {
        cx.error(
            node.span,
            format_args!(
                "`{}` has no weights: give it `weights = include_bytes!(\"…\"), bias = include_bytes!(\"…\")`, or give the model one file with `weights = include_bytes!(\"…\");` after the last chain",
                node.label
            ),
        );
        return;
    };
    // A constant operand (`sub(constant[6])`) has weights only.
    let bias = match files.bias {
        None if shape.bias > 0 => {
            cx.error(
                node.span,
                format_args!(
                    "`{}` has weights but no bias: add `bias = include_bytes!(\"…\")` ({} f32 values, {} bytes)",
                    node.label,
                    shape.bias,
                    shape.bias * F32_BYTES
                ),
            );
            return;
        }
        bias => bias,
    };
    let label = node.label.clone();
    let weights_ok = check_file(&weights.path, weights_len, elem, cx, |actual| {
        format!(
            "the weights of `{label}` have shape {} = {weights_len} f32 values = {} bytes, but `{}` has {actual} bytes",
            shape_text(&shape.weights),
            weights_len * F32_BYTES,
            weights.path.value()
        )
    });
    let bias_ok = match bias {
        Some(bias) => check_file(&bias.path, shape.bias, elem, cx, |actual| {
            format!(
                "the bias of `{label}` has {} f32 values = {} bytes, but `{}` has {actual} bytes",
                shape.bias,
                shape.bias * F32_BYTES,
                bias.path.value()
            )
        })
        .map(Some),
        None => Some(None),
    };
    if let (Some(weights), Some(bias)) = (weights_ok, bias_ok) {
        nodes[layer.node].extra.params = Some(Params {
            weights: Blob {
                file: Some(weights),
                offset: 0,
                len: weights_len,
            },
            bias: Blob {
                file: bias,
                offset: 0,
                len: shape.bias,
            },
        });
    }
}

fn model_file(
    layers: &[ParamLayer<'_>],
    nodes: &mut [Node],
    decl: &WeightsDecl,
    elem: Option<Elem>,
    cx: &Ctxt,
) -> Option<LitStr> {
    for layer in layers {
        for file in [layer.files.weights, layer.files.bias]
            .into_iter()
            .flatten()
        {
            cx.error(
                file.path.span(),
                "this layer names its own file, but the model also has a model-level `weights` file; use one or the other",
            );
        }
    }
    let mut offset = 0;
    let mut breakdown = Vec::new();
    for layer in layers {
        let weights_len: usize = layer.shape.weights.iter().product();
        let bias_len = layer.shape.bias;
        let params = Params {
            weights: Blob {
                file: None,
                offset,
                len: weights_len,
            },
            bias: Blob {
                file: None,
                offset: offset + weights_len * F32_BYTES,
                len: bias_len,
            },
        };
        offset += (weights_len + bias_len) * F32_BYTES;
        let node = &mut nodes[layer.node].extra;
        breakdown.push(format!(
            "`{}` {} + [{bias_len}] ends at byte {offset}",
            node.label,
            shape_text(&layer.shape.weights)
        ));
        node.params = Some(params);
    }
    let total = offset / F32_BYTES;
    let path = &decl.file.path;
    check_file(path, total, elem, cx, |actual| {
        format!(
            "`{}` has {actual} bytes, but the model's weights and biases need {} bytes ({total} f32 values): {}",
            path.value(),
            offset,
            breakdown.join(", ")
        )
    })
}

/// Checks that the file holds exactly `len` f32 values that all fit `elem`;
/// returns the path for the expansion's `include_bytes!`: absolute when it
/// could be resolved, so it reads the very file checked here.
fn check_file(
    path: &LitStr,
    len: usize,
    elem: Option<Elem>,
    cx: &Ctxt,
    length_message: impl FnOnce(usize) -> String,
) -> Option<LitStr> {
    if resolve(path).is_none() {
        // No source file to resolve against (e.g. inside rust-analyzer): the
        // expansion's const decoder still rejects a wrong length.
        return Some(path.clone());
    }
    let (resolved, bytes) = read_file(path, cx)?;
    if bytes.starts_with(&tinyml_format::MAGIC) {
        cx.error(
            path.span(),
            format_args!(
                "`{}` is a tinyml int8 weights file (.tmw); declare the model with element type `i8`",
                path.value()
            ),
        );
        return None;
    }
    if bytes.len() != len * F32_BYTES {
        cx.error(path.span(), length_message(bytes.len()));
        return None;
    }
    let values = bytes
        .chunks_exact(F32_BYTES)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    for (index, value) in values.enumerate() {
        if let Some(problem) = value_problem(value, elem) {
            cx.error(
                path.span(),
                format_args!(
                    "value {index} of `{}` is {value}, which {problem}",
                    path.value()
                ),
            );
            return None;
        }
    }
    match resolved.to_str() {
        Some(absolute) => Some(LitStr::new(absolute, path.span())),
        None => Some(path.clone()),
    }
}

/// Why `value` cannot be a weight of an `elem` model, if it cannot.
fn value_problem(value: f32, elem: Option<Elem>) -> Option<String> {
    if !value.is_finite() {
        return Some(
            "is not a finite number; the file is probably not raw little-endian f32".to_owned(),
        );
    }
    let Some(Elem::Fixed { bits, frac }) = elem else {
        return None;
    };
    let scale = f64::from(frac).exp2();
    let raw = (f64::from(value) * scale).round();
    let max_raw = f64::from(bits - 1).exp2() - 1.0;
    let min_raw = -f64::from(bits - 1).exp2();
    (raw > max_raw || raw < min_raw).then(|| {
        let name = Elem::Fixed { bits, frac }.display_name();
        format!(
            "does not fit {name} (range {} to {}); use a type with more integer bits",
            min_raw / scale,
            max_raw / scale
        )
    })
}

/// Resolves and reads a weight file, reporting why it cannot be read.
pub(crate) fn read_file(path: &LitStr, cx: &Ctxt) -> Option<(PathBuf, Vec<u8>)> {
    let Some(resolved) = resolve(path) else {
        cx.error(
            path.span(),
            "cannot tell which file invokes the macro, so this path cannot be resolved",
        );
        return None;
    };
    match std::fs::read(&resolved) {
        Ok(bytes) => Some((resolved, bytes)),
        Err(error) => {
            cx.error(
                path.span(),
                format_args!(
                    "cannot read weight file `{}` (looked for {}): {error}",
                    path.value(),
                    resolved.display()
                ),
            );
            None
        }
    }
}

/// The file `include_bytes!` would read: relative to the invoking source
/// file, made absolute.
///
/// The compiler may name the source file relative to a directory other than
/// its own working directory (rustdoc does, for doctests in a workspace), so
/// a relative name is tried against the working directory and then against
/// each ancestor of the crate's manifest directory.
fn resolve(path: &LitStr) -> Option<PathBuf> {
    let relative = PathBuf::from(path.value());
    if relative.is_absolute() {
        return Some(relative);
    }
    if !proc_macro::is_available() {
        return None;
    }
    let source = path.span().unwrap().local_file()?;
    let source = if source.is_absolute() {
        source
    } else {
        let cwd = std::env::current_dir().ok()?;
        let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
        std::iter::once(cwd.as_path())
            .chain(manifest_dir.iter().flat_map(|dir| dir.ancestors()))
            .map(|base| base.join(&source))
            .find(|candidate| candidate.is_file())?
    };
    Some(source.parent()?.join(relative))
}
