//! Imports the MLPerf Tiny models with `tinyml import`'s library into
//! `$OUT_DIR/<model>/` and writes `$OUT_DIR/models.rs`: per model, the
//! generated `tiny_model!`, the `.tflite` path that tract loads at run time,
//! a reference vector, and (KWS, VWW, AD in int8) microflow's
//! `#[microflow::model]`. Nothing derived from the MLPerf folder is committed.
//!
//! `TINYML_MLPERF_DIR` names the folder, by default the repository's sibling
//! `../shared/mlperf-tiny`. Unset and absent: built without models (a cargo
//! warning says so, the benchmark has nothing to run); set to a missing
//! folder: the build fails.
use std::{
    env,
    fmt::Write as _,
    fs,
    path::{Path, PathBuf},
};

/// One model: module, type name, `.tflite` file, vector folder, whether
/// microflow 0.1.3 can compile it.
struct Model {
    module: &'static str,
    name: &'static str,
    file: &'static str,
    vectors: &'static str,
    microflow: bool,
}

const MODELS: [Model; 8] = [
    Model {
        module: "kws_int8",
        name: "KwsInt8",
        file: "kws/kws_ref_model.tflite",
        vectors: "kws/vectors",
        microflow: true,
    },
    Model {
        module: "vww_int8",
        name: "VwwInt8",
        file: "vww/vww_96_int8.tflite",
        vectors: "vww/vectors",
        microflow: true,
    },
    // microflow 0.1.3 has no ADD (the ResNet's skip connections).
    Model {
        module: "ic_int8",
        name: "IcInt8",
        file: "ic/pretrainedResnet_quant.tflite",
        vectors: "ic/vectors",
        microflow: false,
    },
    Model {
        module: "ad_int8",
        name: "AdInt8",
        file: "ad/ad01_int8.tflite",
        vectors: "ad/vectors/tflm",
        microflow: true,
    },
    Model {
        module: "kws_f32",
        name: "KwsF32",
        file: "kws/kws_ref_model_pure_f32.tflite",
        vectors: "kws/vectors_float_derived",
        microflow: false,
    },
    Model {
        module: "vww_f32",
        name: "VwwF32",
        file: "vww/vww_96_float.tflite",
        vectors: "vww/vectors_float",
        microflow: false,
    },
    Model {
        module: "ic_f32",
        name: "IcF32",
        file: "ic/pretrainedResnet.tflite",
        vectors: "ic/vectors_float",
        microflow: false,
    },
    Model {
        module: "ad_f32",
        name: "AdF32",
        file: "ad/ad01_fp32.tflite",
        vectors: "ad/vectors_float",
        microflow: false,
    },
];

fn main() {
    println!("cargo::rustc-check-cfg=cfg(mlperf)");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=TINYML_MLPERF_DIR");
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo"));
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let explicit = env::var_os("TINYML_MLPERF_DIR").map(PathBuf::from);
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
            "cargo::warning=no MLPerf Tiny models at {} (set TINYML_MLPERF_DIR): nothing to benchmark",
            dir.display()
        );
        fs::write(out.join("models.rs"), "").expect("write models.rs");
        return;
    }
    let dir = dir.canonicalize().expect("canonical MLPerf path");
    let mut code = String::new();
    for model in &MODELS {
        code += &module(&dir, &out, model);
    }
    fs::write(out.join("models.rs"), code).expect("write models.rs");
    println!("cargo::rustc-cfg=mlperf");
}

fn module(dir: &Path, out: &Path, model: &Model) -> String {
    let Model {
        module,
        name,
        file,
        vectors,
        microflow,
    } = *model;
    let path = dir.join(file);
    println!("cargo::rerun-if-changed={}", path.display());
    let bytes = fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let imported = tinyml_cli::import(&bytes, file, name)
        .unwrap_or_else(|e| panic!("tinyml import {}: {}", path.display(), e.message()));
    let target = out.join(module);
    fs::create_dir_all(&target).expect("create OUT_DIR subdirectory");
    fs::write(target.join("mod.rs"), &imported.source).expect("write mod.rs");
    fs::write(target.join(imported.weights_file), &imported.weights)
        .expect("write the weights file");
    let source = target.join("mod.rs").display().to_string();
    let tflite = path.display().to_string();
    let input = dir.join(vectors).join("input_00.bin");
    let input = if input.exists() {
        input
    } else {
        // ad/vectors/tflm holds TFLM's outputs only; the inputs are beside it.
        dir.join(vectors).join("../input_00.bin")
    };
    let output = dir.join(vectors).join("output_00.bin");
    for p in [&input, &output] {
        println!("cargo::rerun-if-changed={}", p.display());
        assert!(p.exists(), "{} is missing", p.display());
    }
    let (input, output) = (input.display().to_string(), output.display().to_string());
    let microflow = if microflow {
        format!(
            "/// The same model compiled by microflow 0.1.3.\n#[microflow::model({tflite:?})]\npub struct Microflow;\n"
        )
    } else {
        String::new()
    };
    let mut code = String::new();
    write!(
        code,
        r#"
/// MLPerf Tiny `{file}`.
pub mod {module} {{
    include!({source:?});
    /// Ours, compiled by `tiny_model!` from `tinyml import`'s output.
    pub type Ours = {name};
    /// The `.tflite` file, for tract.
    pub const TFLITE: &str = {tflite:?};
    /// Reference input 0 (raw little-endian).
    pub const INPUT: &str = {input:?};
    /// The expected output for it (TFLM's for int8, TFLite's for f32).
    pub const EXPECTED: &str = {output:?};
    {microflow}
}}
"#
    )
    .expect("write to String");
    code
}
