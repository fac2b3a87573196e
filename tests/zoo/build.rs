//! Imports every `models/<name>/model_{f32,int8,int8_fio}.tflite` with `tinyml import`
//! into `$OUT_DIR/<name>_<kind>/`, and writes `$OUT_DIR/models.rs` (the
//! modules) and `$OUT_DIR/checks.rs` (one test per model and kind).

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out);
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    println!("cargo::rerun-if-changed={}", models.display());
    let mut names: Vec<String> = fs::read_dir(&models)
        .expect("tests/zoo/models")
        .map(|e| {
            e.expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    let (mut modules, mut checks) = (String::new(), String::new());
    for name in &names {
        for kind in ["f32", "int8", "int8_fio"] {
            let file = models.join(name).join(format!("model_{kind}.tflite"));
            if !file.exists() {
                continue;
            }
            let module = format!("{name}_{kind}");
            let ty = type_name(&module);
            import(&file, out, &module, &ty, &mut modules);
            let check = match kind {
                "f32" => "check_f32",
                "int8" => "check_int8",
                _ => "check_int8_float_io",
            };
            let _ = writeln!(
                checks,
                "#[test] fn {module}() {{ {check}!(zoo::models::{module}::{ty}, \"{name}\"); }}"
            );
        }
    }
    tflm_examples(out, &mut modules, &mut checks);
    fs::write(out.join("models.rs"), modules).expect("write models.rs");
    fs::write(out.join("checks.rs"), checks).expect("write checks.rs");
}

/// TensorFlow Lite Micro's own non-recurrent example models, from
/// `TINYML_TFLM_EXAMPLES_DIR` (default `../shared/tflm-examples` beside the
/// repository), each with its TFLM reference vectors. Skipped (with a
/// warning) when the folder is absent; an explicitly set folder that is
/// missing fails the build.
fn tflm_examples(out: &Path, modules: &mut String, checks: &mut String) {
    println!("cargo::rerun-if-env-changed=TINYML_TFLM_EXAMPLES_DIR");
    let set = std::env::var_os("TINYML_TFLM_EXAMPLES_DIR");
    let dir = set.clone().map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/tflm-examples"),
        std::path::PathBuf::from,
    );
    if !dir.is_dir() {
        assert!(
            set.is_none(),
            "TINYML_TFLM_EXAMPLES_DIR={} is not a folder",
            dir.display()
        );
        println!(
            "cargo::warning=TFLM example models not found at {}: their checks skip",
            dir.display()
        );
        return;
    }
    let dir = dir.canonicalize().unwrap_or(dir);
    for name in [
        "hello_world_float",
        "hello_world_int8",
        "micro_speech_quantized",
        "person_detect",
    ] {
        let folder = dir.join(name);
        let module = format!("tflm_{name}");
        let ty = type_name(&module);
        let imported = import(&folder.join("model.tflite"), out, &module, &ty, modules);
        let check = match imported.element {
            tinyml_cli::graph::Element::F32 => "check_vectors_f32",
            tinyml_cli::graph::Element::I8 => "check_vectors_int8",
        };
        let vectors = folder.join("vectors");
        let _ = writeln!(
            checks,
            "#[test] fn {module}() {{ {check}!(zoo::models::{module}::{ty}, {:?}); }}",
            vectors.display().to_string()
        );
    }
}

/// Imports `file` as type `ty` into `$OUT_DIR/<module>/` and declares the
/// module in `modules`.
fn import(
    file: &Path,
    out: &Path,
    module: &str,
    ty: &str,
    modules: &mut String,
) -> tinyml_cli::Imported {
    println!("cargo::rerun-if-changed={}", file.display());
    let bytes = fs::read(file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("model.tflite");
    let imported = tinyml_cli::import(&bytes, name, ty)
        .unwrap_or_else(|e| panic!("tinyml import {}: {}", file.display(), e.message()));
    let dir = out.join(module);
    fs::create_dir_all(&dir).expect("create a model directory");
    fs::write(dir.join("mod.rs"), &imported.source).expect("write mod.rs");
    fs::write(dir.join(imported.weights_file), &imported.weights).expect("write weights");
    let _ = writeln!(
        modules,
        "pub mod {module} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{module}/mod.rs\")); }}"
    );
    imported
}

/// `gap_int8` → `GapInt8`.
fn type_name(module: &str) -> String {
    module
        .split('_')
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
        })
        .collect()
}
