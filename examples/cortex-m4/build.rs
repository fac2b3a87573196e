//! Generates what the firmware checks against and the models it imports:
//!
//! * `$OUT_DIR/host_digits.rs`: the host's predictions that the firmware must
//!   reproduce: the digits model of `examples/digits/model.rs` (the same
//!   declaration and weights the firmware uses), built for the host by this
//!   build script, run on every held-out image in f32, I16F16 and I8F8, as
//!   `f32` bit patterns; and the weight bytes of the int8 digits model.
//! * `$OUT_DIR/mlperf.rs` (see [`mlperf`]): the four MLPerf Tiny int8 models
//!   and, on targets with an FPU, KWS, IC and AD in f32, imported from
//!   `TINYML_MLPERF_DIR` with `tinyml import`'s library, with their
//!   reference vectors. Nothing derived from them is committed.
use std::{
    env,
    fmt::Write as _,
    fs,
    path::{Path, PathBuf},
};

use tinyml::fixed::types::{I8F8, I16F16};

include!("../digits/model.rs");

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    for file in ["model.rs", "digits_f32.bin", "test_images.u8"] {
        println!("cargo::rerun-if-changed=../digits/{file}");
    }
    let pixels = fs::read("../digits/test_images.u8").expect("read ../digits/test_images.u8");
    let images: Vec<[f32; 64]> = pixels
        .chunks_exact(64)
        .map(|p| core::array::from_fn(|i| f32::from(p[i]) / 16.0))
        .collect();

    let mut f32_model = Digits::new();
    let mut wide = DigitsI16F16::new();
    let mut narrow = DigitsI8F8::new();
    let (mut f32_out, mut wide_out, mut narrow_out) = (Vec::new(), Vec::new(), Vec::new());
    for image in &images {
        f32_out.extend(*f32_model.predict(image));
        wide_out.extend(
            wide.predict(&image.map(I16F16::from_num))
                .map(|q| q.to_num::<f32>()),
        );
        narrow_out.extend(
            narrow
                .predict(&image.map(I8F8::from_num))
                .map(|q| q.to_num::<f32>()),
        );
    }

    let mut code = format!(
        "/// Number of held-out images.\npub const IMAGES: usize = {};\n",
        images.len()
    );
    for (name, what, values) in [
        ("HOST_F32", "f32", &f32_out),
        ("HOST_I16F16", "I16F16", &wide_out),
        ("HOST_I8F8", "I8F8", &narrow_out),
    ] {
        write!(
            code,
            "/// The host's outputs of the {what} model (as `f32` bits), image after image.\n\
             pub static {name}: [u32; {}] = [",
            values.len()
        )
        .expect("write to String");
        for v in values {
            write!(code, "{:#x},", v.to_bits()).expect("write to String");
        }
        code += "];\n";
    }
    println!("cargo::rerun-if-changed=../digits/int8/weights.tmw");
    let tmw = fs::read("../digits/int8/weights.tmw").expect("read ../digits/int8/weights.tmw");
    writeln!(
        code,
        "/// Bytes of weights (int8) and biases (int32) of the int8 model.\n\
         pub const INT8_WEIGHT_BYTES: usize = {};",
        int8_weight_bytes(&tmw, "../digits/int8/weights.tmw")
    )
    .expect("write to String");
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo"));
    fs::write(out.join("host_digits.rs"), code).expect("write host_digits.rs");
    mlperf(&out);
}

/// Bytes of the weights (int8) and biases (int32) that a `.tmw` file holds:
/// what TFLite stores for them, the same measure as microflow's rows.
fn int8_weight_bytes(tmw: &[u8], what: &str) -> usize {
    let file = tinyml_format::WeightsFile::decode(tmw)
        .unwrap_or_else(|e| panic!("{what}: not a weights file: {e}"));
    file.layers
        .iter()
        .filter_map(|layer| layer.params.as_ref())
        .map(|p| p.weights.len() + 4 * p.bias.len())
        .sum()
}

/// An MLPerf Tiny model that the firmware runs.
struct Mlperf {
    /// Its element type.
    element: Element,
    /// Module and row name.
    module: &'static str,
    /// Type name of the model.
    name: &'static str,
    /// Model file under the MLPerf directory.
    file: &'static str,
    /// Folder of `input_XX.bin`.
    inputs: &'static str,
    /// Folder of the expected `output_XX.bin` (TFLM's outputs for int8,
    /// TFLite's for f32).
    outputs: &'static str,
    /// Reference vectors run (the first ones).
    vectors: usize,
}

/// The element type of a model's inputs, outputs and weights.
#[derive(Clone, Copy, PartialEq)]
enum Element {
    Int8,
    F32,
}

const MLPERF: [Mlperf; 7] = [
    Mlperf {
        element: Element::Int8,
        module: "kws",
        name: "KwsInt8",
        file: "kws/kws_ref_model.tflite",
        inputs: "kws/vectors",
        outputs: "kws/vectors",
        vectors: 17,
    },
    Mlperf {
        element: Element::Int8,
        module: "vww",
        name: "VwwInt8",
        file: "vww/vww_96_int8.tflite",
        inputs: "vww/vectors",
        outputs: "vww/vectors",
        vectors: 19,
    },
    Mlperf {
        element: Element::Int8,
        module: "ic",
        name: "IcInt8",
        file: "ic/pretrainedResnet_quant.tflite",
        inputs: "ic/vectors",
        outputs: "ic/vectors",
        vectors: 17,
    },
    // TFLM's FULLY_CONNECTED rounds differently from TFLite's reference
    // kernels; ours follows TFLM, whose outputs are in `vectors/tflm/`.
    Mlperf {
        element: Element::Int8,
        module: "ad",
        name: "AdInt8",
        file: "ad/ad01_int8.tflite",
        inputs: "ad/vectors",
        outputs: "ad/vectors/tflm",
        vectors: 24,
    },
    // The float models (VWW's does not fit the 4 MiB flash beside the
    // others). KWS: the plain float model (`kws_ref_model_float32.tflite`
    // has int8 weights), see the MLPerf folder's README.
    Mlperf {
        element: Element::F32,
        module: "kws_f32",
        name: "KwsF32",
        file: "kws/kws_ref_model_pure_f32.tflite",
        inputs: "kws/vectors_float_derived",
        outputs: "kws/vectors_float_derived",
        vectors: 17,
    },
    Mlperf {
        element: Element::F32,
        module: "ic_f32",
        name: "IcF32",
        file: "ic/pretrainedResnet.tflite",
        inputs: "ic/vectors_float",
        outputs: "ic/vectors_float",
        vectors: 17,
    },
    Mlperf {
        element: Element::F32,
        module: "ad_f32",
        name: "AdF32",
        file: "ad/ad01_fp32.tflite",
        inputs: "ad/vectors_float",
        outputs: "ad/vectors_float",
        vectors: 24,
    },
];

/// Imports the MLPerf Tiny models into `$OUT_DIR/<module>/` and writes
/// `$OUT_DIR/mlperf.rs`: one module per model with the imported `tiny_model!`
/// source, its reference vectors (`include_bytes!` from the MLPerf folder)
/// and its weight bytes, and sets `cfg(mlperf)`.
///
/// The f32 models only on targets with an FPU (`cfg(mlperf_f32)`): in
/// software floating point (Cortex-M3, M0+, RISC-V rv32imac) their tens of
/// millions of MACs per inference would take the run far past its timeout.
///
/// `TINYML_MLPERF_DIR` names the folder, by default the repository's sibling
/// `../shared/mlperf-tiny`. When it is unset and that folder is absent, the
/// firmware is built without the models (a cargo warning says so); when it is
/// set to a folder that does not exist, the build fails.
fn mlperf(out: &Path) {
    println!("cargo::rustc-check-cfg=cfg(mlperf)");
    println!("cargo::rustc-check-cfg=cfg(mlperf_f32)");
    println!("cargo::rerun-if-env-changed=TINYML_MLPERF_DIR");
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let explicit = env::var_os("TINYML_MLPERF_DIR").map(PathBuf::from);
    let dir = explicit
        .clone()
        .unwrap_or_else(|| manifest.join("../../../shared/mlperf-tiny"));
    let generated = out.join("mlperf.rs");
    if !dir.is_dir() {
        if let Some(dir) = explicit {
            panic!(
                "TINYML_MLPERF_DIR is set to {}, which is not a directory",
                dir.display()
            );
        }
        println!(
            "cargo::warning=no MLPerf Tiny models at {} (set TINYML_MLPERF_DIR): building the firmware without them",
            dir.display()
        );
        fs::write(&generated, "").expect("write mlperf.rs");
        return;
    }
    let dir = dir.canonicalize().expect("canonical MLPerf path");
    // `eabihf`: the Cortex-M targets with an FPU (M4F, M33).
    let fpu = env::var("TARGET").is_ok_and(|t| t.ends_with("eabihf"));
    let mut code = String::new();
    for model in MLPERF.iter().filter(|m| fpu || m.element == Element::Int8) {
        code += &mlperf_module(&dir, out, model);
    }
    fs::write(&generated, code).expect("write mlperf.rs");
    println!("cargo::rustc-cfg=mlperf");
    if fpu {
        println!("cargo::rustc-cfg=mlperf_f32");
    }
}

/// Reads a file of the MLPerf folder (and rebuilds when it changes).
fn read(path: &Path) -> Vec<u8> {
    println!("cargo::rerun-if-changed={}", path.display());
    fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn mlperf_module(dir: &Path, out: &Path, model: &Mlperf) -> String {
    let Mlperf {
        element,
        module,
        name,
        file,
        inputs,
        outputs,
        vectors,
    } = *model;
    let path = dir.join(file);
    let bytes = read(&path);
    let imported = tinyml_cli::import(&bytes, file, name)
        .unwrap_or_else(|e| panic!("tinyml import {}: {}", path.display(), e.message()));
    let target = out.join(module);
    fs::create_dir_all(&target).expect("create OUT_DIR subdirectory");
    fs::write(target.join("mod.rs"), &imported.source).expect("write mod.rs");
    fs::write(target.join(imported.weights_file), &imported.weights)
        .expect("write the weights file");
    let weight_bytes = match element {
        Element::Int8 => int8_weight_bytes(&imported.weights, file),
        // `weights.bin`: every weight and bias as a raw f32.
        Element::F32 => imported.weights.len(),
    };

    let vector = |folder: &str, kind: &str, index: usize| {
        let path = dir.join(folder).join(format!("{kind}_{index:02}.bin"));
        let len = read(&path).len();
        (path.display().to_string(), len)
    };
    let (mut input_list, mut output_list) = (String::new(), String::new());
    let (mut input_len, mut output_len) = (0, 0);
    for index in 0..vectors {
        let (input, len) = vector(inputs, "input", index);
        input_len = len;
        write!(input_list, "*include_bytes!({input:?}),").expect("write to String");
        let (output, len) = vector(outputs, "output", index);
        output_len = len;
        write!(output_list, "*include_bytes!({output:?}),").expect("write to String");
    }
    let source = target.join("mod.rs").display().to_string();
    let (what, bytes, reference, unit, decode) = match element {
        Element::Int8 => (
            "int8",
            "int8 and biases (int32)",
            "TFLM's",
            "i8",
            "bytes.map(|b| b as i8)",
        ),
        Element::F32 => (
            "f32",
            "and biases (f32)",
            "TFLite's",
            "f32",
            "core::array::from_fn(|i| {\n            \
             let b = &bytes[4 * i..4 * i + 4];\n            \
             f32::from_le_bytes([b[0], b[1], b[2], b[3]])\n        })",
        ),
    };
    let size = match element {
        Element::Int8 => 1,
        Element::F32 => 4,
    };
    let (input_values, output_values) = (input_len / size, output_len / size);
    let mut code = String::new();
    write!(
        code,
        r#"
/// MLPerf Tiny `{module}` ({what}), imported at build time from `{file}`.
pub mod {module} {{
    include!({source:?});
    /// The model.
    pub type Model = {name};
    /// Bytes of weights ({bytes}) as TFLite stores them.
    pub const WEIGHT_BYTES: usize = {weight_bytes};
    /// Number of reference vectors.
    pub const VECTORS: usize = {vectors};
    /// Reference inputs (`{inputs}/input_XX.bin`).
    static INPUTS: [[u8; {input_len}]; {vectors}] = [{input_list}];
    /// {reference} outputs (`{outputs}/output_XX.bin`).
    static OUTPUTS: [[u8; {output_len}]; {vectors}] = [{output_list}];
    const _: () = assert!({input_values} == {name}::INPUT_LEN && {output_values} == {name}::OUTPUT_LEN);
    /// Reference input `index`.
    pub fn input(index: u32) -> [{unit}; {input_values}] {{
        let bytes = &INPUTS[index as usize];
        {decode}
    }}
    /// {reference} output for reference input `index`.
    pub fn expected(index: u32) -> [{unit}; {output_values}] {{
        let bytes = &OUTPUTS[index as usize];
        {decode}
    }}
}}
"#
    )
    .expect("write to String");
    code
}
