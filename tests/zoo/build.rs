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
            let imported = import(&file, out, &module, &ty, false, &mut modules);
            if imported.inputs.len() > 1 || imported.outputs.len() > 1 {
                checks.push_str(&ports_check(kind, name, &module, &ty, &imported));
                continue;
            }
            let check = match kind {
                "f32" => "check_f32",
                "int8" => "check_int8",
                _ => "check_int8_float_io",
            };
            let _ = writeln!(
                checks,
                "#[test] fn {module}() {{ {check}!(zoo::models::{module}::{ty}, \"{name}\"); }}"
            );
            if STREAMING.contains(&name.as_str()) && kind != "int8_fio" {
                let (streamed, streamed_ty) = (format!("{module}_stream"), format!("{ty}Stream"));
                import(&file, out, &streamed, &streamed_ty, true, &mut modules);
                let _ = writeln!(
                    checks,
                    "#[test] fn {streamed}() {{ check_stream!(zoo::models::{streamed}::{streamed_ty}, zoo::models::{module}::{ty}, \"{name}\", \"{kind}\"); }}"
                );
            }
        }
    }
    tflm_examples(out, &mut modules, &mut checks);
    fs::write(out.join("models.rs"), modules).expect("write models.rs");
    fs::write(out.join("checks.rs"), checks).expect("write checks.rs");
}

/// The zoo models that are also imported with `--stream` (`<name>_<kind>_stream`)
/// and checked frame by frame against `predict` and the references.
const STREAMING: &[&str] = &["conv1d_stream", "separable_conv1d"];

/// The test of a model with several inputs or outputs: the zoo's files
/// hold, per sample, every input (or output) in turn; `predict` takes one
/// array per input and returns a struct (or a tuple, for `predict_f32`)
/// with one array per output.
fn ports_check(
    kind: &str,
    name: &str,
    module: &str,
    ty: &str,
    imported: &tinyml_cli::Imported,
) -> String {
    let len = |shape: &Vec<usize>| shape.iter().product::<usize>();
    let in_lens: Vec<usize> = imported.inputs.iter().map(|(_, s)| len(s)).collect();
    let out_lens: Vec<usize> = imported.outputs.iter().map(|(_, s)| len(s)).collect();
    let args: Vec<String> = (0..in_lens.len())
        .map(|k| format!("x[{k}].try_into().expect(\"an input\")"))
        .collect();
    let args = args.join(", ");
    let several = out_lens.len() > 1;
    let fields: Vec<String> = if !several {
        vec!["&out[..]".into()]
    } else if kind == "int8_fio" {
        (0..out_lens.len())
            .map(|k| format!("&out.{k}[..]"))
            .collect()
    } else {
        imported
            .outputs
            .iter()
            .map(|(n, _)| format!("&out.{n}[..]"))
            .collect()
    };
    let fields = fields.join(", ");
    let (elem, inputs, outputs, call, compare) = match kind {
        "f32" => (
            "f32",
            "zoo::f32s(&zoo::read(NAME, \"inputs_f32.bin\"))",
            "zoo::f32s(&zoo::read(NAME, \"outputs_f32.bin\"))",
            "predict",
            "within",
        ),
        "int8" => (
            "i8",
            "zoo::i8s(&zoo::read(NAME, \"inputs_int8.bin\"))",
            "zoo::i8s(&zoo::read(NAME, \"outputs_int8.bin\"))",
            "predict",
            "exact",
        ),
        _ => (
            "f32",
            "zoo::f32s(&zoo::read(NAME, \"inputs_f32.bin\"))",
            "zoo::f32s(&zoo::read(NAME, \"outputs_int8_fio.bin\"))",
            "predict_f32",
            "bits",
        ),
    };
    format!(
        "#[test] fn {module}() {{
    const NAME: &str = {name:?};
    let (inputs, expected): (Vec<{elem}>, Vec<{elem}>) = ({inputs}, {outputs});
    let (in_lens, out_lens): (&[usize], &[usize]) = (&{in_lens:?}, &{out_lens:?});
    let mut model = zoo::models::{module}::{ty}::new();
    let samples = zoo::samples(&inputs, in_lens, &expected, out_lens);
    for (index, (x, want)) in samples.into_iter().enumerate() {{
        let out = model.{call}({args});
        let ours: Vec<{elem}> = [{fields}].concat();
        zoo::compare_{compare}(NAME, \"{kind}\", index, &ours, want);
    }}
}}
"
    )
}

/// TensorFlow Lite Micro's own example models, from
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
        "trained_lstm",
        "trained_lstm_int8",
        "micro_speech_lstm",
    ] {
        let folder = dir.join(name);
        let module = format!("tflm_{name}");
        let ty = type_name(&module);
        let imported = import(
            &folder.join("model.tflite"),
            out,
            &module,
            &ty,
            false,
            modules,
        );
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

/// Imports `file` as type `ty` (declared `streaming` if `streaming`) into
/// `$OUT_DIR/<module>/` and declares the module in `modules`.
fn import(
    file: &Path,
    out: &Path,
    module: &str,
    ty: &str,
    streaming: bool,
    modules: &mut String,
) -> tinyml_cli::Imported {
    println!("cargo::rerun-if-changed={}", file.display());
    let bytes = fs::read(file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("model.tflite");
    let imported = tinyml_cli::import_with(&bytes, name, ty, streaming)
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
