//! Imports the MLPerf Tiny reference models with `tinyml import`'s library
//! into `OUT_DIR`, so the tests compile the generated `tiny_model!` source.
//! The models stay in `../shared` (located by `TINYML_MLPERF_DIR`); nothing
//! generated from them is committed.

use std::path::{Path, PathBuf};

/// (module, type name, model file under the MLPerf directory)
const MODELS: &[(&str, &str, &str)] = &[
    ("kws_f32", "KwsF32", "kws/kws_ref_model_pure_f32.tflite"),
    ("vww_f32", "VwwF32", "vww/vww_96_float.tflite"),
    ("ic_f32", "IcF32", "ic/pretrainedResnet.tflite"),
    ("ad_f32", "AdF32", "ad/ad01_fp32.tflite"),
    ("kws_int8", "KwsInt8", "kws/kws_ref_model.tflite"),
    ("vww_int8", "VwwInt8", "vww/vww_96_int8.tflite"),
    ("ic_int8", "IcInt8", "ic/pretrainedResnet_quant.tflite"),
    ("ad_int8", "AdInt8", "ad/ad01_int8.tflite"),
];

fn main() {
    println!("cargo::rustc-check-cfg=cfg(mlperf)");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    // The project's own model, exported by tools/train_digits.py: always present.
    import(
        &manifest.join("../../examples/digits/digits_f32.tflite"),
        &out.join("digits_imported"),
        "DigitsImported",
    );

    println!("cargo::rerun-if-env-changed=TINYML_MLPERF_DIR");
    let explicit = std::env::var_os("TINYML_MLPERF_DIR").map(PathBuf::from);
    let dir = explicit
        .clone()
        .unwrap_or_else(|| manifest.join("../../../shared/mlperf-tiny"));
    if !dir.is_dir() {
        if let Some(dir) = explicit {
            panic!(
                "TINYML_MLPERF_DIR is set to {}, which is not a directory",
                dir.display()
            );
        }
        println!(
            "cargo::warning=MLPerf Tiny models not found at {}: conformance tests skip",
            dir.display()
        );
        return;
    }
    let mut ram = String::new();
    for (module, name, file) in MODELS {
        let inspected = import(&dir.join(file), &out.join(module), name);
        ram += &format!("pub const {}: u64 = {inspected};\n", module.to_uppercase());
    }
    std::fs::write(out.join("inspect_ram.rs"), ram).expect("write inspect_ram.rs");
    println!("cargo::rustc-env=TINYML_MLPERF_VECTORS={}", dir.display());
    println!("cargo::rustc-cfg=mlperf");
}

/// Imports `model` into `out`; returns the RAM that `tinyml inspect` prints.
fn import(model: &Path, out: &Path, name: &str) -> u64 {
    println!("cargo::rerun-if-changed={}", model.display());
    let bytes =
        std::fs::read(model).unwrap_or_else(|e| panic!("cannot read {}: {e}", model.display()));
    let file_name = model
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("model.tflite");
    let imported = tinyml_cli::import(&bytes, file_name, name)
        .unwrap_or_else(|e| panic!("tinyml import {}: {}", model.display(), e.message()));
    std::fs::create_dir_all(out).expect("create OUT_DIR subdirectory");
    std::fs::write(out.join("mod.rs"), &imported.source).expect("write mod.rs");
    std::fs::write(out.join(imported.weights_file), &imported.weights)
        .expect("write the weights file");
    let parsed = tinyml_cli::tflite::Model::parse(&bytes).expect("parsed above");
    tinyml_cli::inspect::activation_ram(&parsed).expect("importable, so planned")
}
