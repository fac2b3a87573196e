//! The library behind the `tinyml` command: read a `.tflite` model, describe
//! it (`tinyml inspect`) and turn a float32 or int8 model into `tiny_model!`
//! source plus a weights file (`tinyml import`): `weights.bin` (raw f32) for
//! a float32 model, `weights.tmw` ([`tinyml_format`]) for an int8 one.
//!
//! The stages are separate modules so that tests and the fuzz target can run
//! them in-process:
//!
//! 1. [`tflite`] reads and verifies the flatbuffer into plain Rust values.
//! 2. [`graph`] lowers those to the layer graph that `tiny_model!` can express,
//!    with shapes checked, and rejects anything it cannot express.
//! 3. [`emit`] prints the graph as `tiny_model!` source and its weights file.
//! 4. [`inspect`] describes any model (int8 too), op by op.

pub mod emit;
mod error;
pub mod graph;
pub mod inspect;
/// Which TFLite operators each `tiny_model!` layer is imported from (the
/// table stands beside the lowerings, in `graph/ops/mod.rs`).
pub mod mapping {
    pub use crate::graph::ops::{Importable, imported_from, supported_ops};
}
mod schema;
#[cfg(test)]
mod testmodel;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_1d;
#[cfg(test)]
mod tests_decoder;
#[cfg(test)]
mod tests_int8;
#[cfg(test)]
mod tests_lib;
#[cfg(test)]
mod tests_lstm;
#[cfg(test)]
mod tests_slicing;
pub mod tflite;

pub use error::Error;

/// Everything `tinyml import` writes, computed in memory.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The model's element type: `f32` or `i8`.
    pub element: graph::Element,
    /// The text of `mod.rs`.
    pub source: String,
    /// The bytes of the weights file named [`Imported::weights_file`].
    pub weights: Vec<u8>,
    /// The weights file's name, which `mod.rs` includes from its own
    /// directory: `weights.bin` for a float32 model (raw little-endian f32),
    /// `weights.tmw` for an int8 one (see [`tinyml_format`]).
    pub weights_file: &'static str,
    /// The number of emitted layers (one per `->` step).
    pub layers: usize,
    /// The number of parameters (weights and biases).
    pub parameters: usize,
    /// The generated model's `RAM_BYTES`.
    pub ram_bytes: usize,
    /// Things the user should know, such as a stripped edge `DEQUANTIZE`.
    pub notes: Vec<String>,
    /// The model's inputs, in `predict`'s order: name and shape (the names
    /// matter when there are several; see the DSL's `input[…] as name`).
    pub inputs: Vec<(String, Vec<usize>)>,
    /// The model's outputs, in order: name and shape (with several, the
    /// fields of the generated `<Name>Outputs`).
    pub outputs: Vec<(String, Vec<usize>)>,
}

/// Parses, lowers and emits a model: the whole of `tinyml import` except the
/// file writes. `file_name` is the model's file name for the generated
/// comments; `name` the Rust type name.
///
/// Never panics on any input bytes; every problem is an [`Error`].
pub fn import(bytes: &[u8], file_name: &str, name: &str) -> Result<Imported, Error> {
    import_with(bytes, file_name, name, false)
}

/// [`import`], declaring the input `streaming` when `streaming` is set
/// (`tinyml import --stream`): the generated type also has `step` and
/// `reset`, and the macro reports any layer that cannot run frame by frame.
pub fn import_with(
    bytes: &[u8],
    file_name: &str,
    name: &str,
    streaming: bool,
) -> Result<Imported, Error> {
    let model = tflite::Model::parse(bytes)?;
    let graph = graph::lower(&model)?;
    let emitted = emit::emit(&graph, file_name, name, streaming);
    if emitted.ram_bytes > tinyml_spec::MAX_BYTES {
        return Err(Error::new(format!(
            "the model's activation arena would take {} bytes, more than the {} bytes (2 GiB, \
             `tinyml_spec::MAX_BYTES`) that tiny_model! accepts",
            emitted.ram_bytes,
            tinyml_spec::MAX_BYTES
        )));
    }
    let mut notes = graph.notes.clone();
    if model.subgraph_count > 1 {
        // Every operator that calls a subgraph (WHILE, IF, CALL_ONCE, …) is
        // refused by `graph::lower`, so the others are entry points of their
        // own (signatures) or unused; either way they are not in `mod.rs`.
        let ignored = model.subgraph_count - 1;
        notes.push(format!(
            "the model has {} subgraphs; only the first (the main graph) was imported, {ignored} other{} ignored",
            model.subgraph_count,
            if ignored == 1 { " was" } else { "s were" },
        ));
    }
    Ok(Imported {
        element: graph.element,
        source: emitted.source,
        weights: emitted.weights,
        weights_file: emitted.weights_file,
        layers: emitted.layers,
        parameters: emitted.parameters,
        ram_bytes: emitted.ram_bytes,
        notes,
        inputs: ports(&graph, &graph.inputs),
        outputs: ports(&graph, &graph.outputs),
    })
}

fn ports(graph: &graph::Graph, ports: &[graph::Port]) -> Vec<(String, Vec<usize>)> {
    ports
        .iter()
        .map(|p| (p.name.clone(), graph.values[p.value].shape.clone()))
        .collect()
}

/// Whether `name` can be the model's type name: a Rust identifier (Unicode
/// `XID_Start` or `_`, then `XID_Continue`, as the Reference defines them, so
/// `Ñet` is one) that is not a keyword of any edition, nor `_`.
pub fn is_valid_type_name(name: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum",
        "extern", "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod",
        "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
        "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box",
        "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
        "_",
    ];
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (unicode_ident::is_xid_start(first) || first == '_')
        && chars.all(unicode_ident::is_xid_continue)
        && !KEYWORDS.contains(&name)
}

/// Writes `mod.rs` and the weights file ([`Imported::weights_file`]) into
/// `dir`, all or nothing: a new
/// directory is written under a temporary name and renamed into place; in an
/// existing one, both files are written to temporary names first and only
/// then renamed over the old ones.
pub fn write_output(dir: &std::path::Path, imported: &Imported) -> Result<(), Error> {
    use std::fs;
    let io = |what: &str, path: &std::path::Path, e: std::io::Error| {
        Error::new(format!("cannot {what} {}: {e}", path.display()))
    };
    let files: [(&str, &[u8]); 2] = [
        ("mod.rs", imported.source.as_bytes()),
        (imported.weights_file, &imported.weights),
    ];
    let tag = format!("tinyml-tmp-{}", std::process::id());
    match fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => {
            let mut written = Vec::new();
            let result = (|| {
                for (name, data) in files {
                    let tmp = dir.join(format!(".{name}.{tag}"));
                    written.push(tmp.clone());
                    fs::write(&tmp, data).map_err(|e| io("write", &tmp, e))?;
                }
                for (name, _) in files {
                    let tmp = dir.join(format!(".{name}.{tag}"));
                    fs::rename(&tmp, dir.join(name))
                        .map_err(|e| io("write", &dir.join(name), e))?;
                }
                Ok(())
            })();
            if result.is_err() {
                for tmp in written {
                    let _ = fs::remove_file(tmp);
                }
            }
            result
        }
        Ok(_) => Err(Error::new(format!(
            "{} exists and is not a directory",
            dir.display()
        ))),
        Err(_) => {
            let mut tmp_name = dir
                .file_name()
                .map(|n| n.to_os_string())
                .unwrap_or_default();
            tmp_name.push(format!(".{tag}"));
            let tmp = dir.with_file_name(tmp_name);
            let result = (|| {
                fs::create_dir_all(&tmp).map_err(|e| io("create", &tmp, e))?;
                for (name, data) in files {
                    fs::write(tmp.join(name), data).map_err(|e| io("write", &tmp.join(name), e))?;
                }
                fs::rename(&tmp, dir).map_err(|e| io("create", dir, e))
            })();
            if result.is_err() {
                let _ = fs::remove_dir_all(&tmp);
            }
            result
        }
    }
}
