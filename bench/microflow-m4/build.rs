//! Generates `$OUT_DIR/models.rs`: one module per MLPerf Tiny int8 model that
//! microflow 0.1.3 can compile (KWS, VWW, AD; IC needs `ADD`, which microflow
//! lacks), with its `#[microflow::model]` struct, one reference vector
//! (`include_bytes!`), its MAC count and its weight bytes.
//!
//! The models stay in the shared MLPerf folder and are never copied into the
//! repository: `TINYML_MLPERF_DIR` names it, by default
//! `../../../shared/mlperf-tiny` from this crate (the repository's sibling
//! `shared/`). When that default folder is absent the firmware is built
//! without models and says so; when `TINYML_MLPERF_DIR` names a folder without
//! them, the build fails.
use std::{
    env,
    fmt::Write as _,
    fs,
    path::{Path, PathBuf},
};

use serde_json::Value;

/// (module, folder, model file, reference vector).
const MODELS: [(&str, &str, &str, u32); 3] = [
    ("kws", "kws", "kws_ref_model.tflite", 16),
    ("vww", "vww", "vww_96_int8.tflite", 18),
    ("ad", "ad", "ad01_int8.tflite", 16),
];

fn main() {
    println!("cargo::rustc-check-cfg=cfg(mlperf)");
    println!("cargo::rerun-if-env-changed=TINYML_MLPERF_DIR");
    println!("cargo::rerun-if-changed=build.rs");
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let explicit = env::var_os("TINYML_MLPERF_DIR").map(PathBuf::from);
    let dir = explicit
        .clone()
        .unwrap_or_else(|| manifest.join("../../../shared/mlperf-tiny"));
    if explicit.is_some() && !dir.join("kws").is_dir() {
        panic!(
            "TINYML_MLPERF_DIR is set to {}, which holds no MLPerf Tiny models (kws/)",
            dir.display()
        );
    }
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo")).join("models.rs");

    let mut code = String::new();
    if dir.join("kws").is_dir() {
        let dir = dir.canonicalize().expect("canonical MLPerf path");
        println!("cargo::rustc-cfg=mlperf");
        for (module, folder, file, vector) in MODELS {
            code += &model_module(&dir.join(folder), module, file, vector);
        }
    } else {
        println!(
            "cargo::warning=no MLPerf Tiny models at {} (set TINYML_MLPERF_DIR): building without them",
            dir.display()
        );
    }
    fs::write(&out, code).expect("write models.rs");
}

fn read_json(path: &Path) -> Value {
    println!("cargo::rerun-if-changed={}", path.display());
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn shape(tensor: &Value) -> Vec<usize> {
    tensor["shape"]
        .as_array()
        .expect("shape")
        .iter()
        .map(|d| d.as_u64().expect("dimension") as usize)
        .collect()
}

/// (multiply-accumulates, bytes of weights and biases) of the model's
/// CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED operators.
fn macs_and_weights(ops: &Value) -> (u64, u64) {
    let tensors = ops["tensors"].as_array().expect("tensors");
    let tensor = |i: &Value| &tensors[i.as_u64().expect("tensor index") as usize];
    let (mut macs, mut weights) = (0u64, 0u64);
    for op in ops["ops"].as_array().expect("ops") {
        let inputs = op["inputs"].as_array().expect("inputs");
        let out: usize = shape(tensor(&op["outputs"][0])).iter().product();
        let per_output = match op["op"].as_str().expect("op") {
            // OHWI weights: KH·KW·IC per output element.
            "CONV_2D" => shape(tensor(&inputs[1]))[1..].iter().product::<usize>(),
            // [1, KH, KW, C·M]: KH·KW per output element.
            "DEPTHWISE_CONV_2D" => shape(tensor(&inputs[1]))[1..3].iter().product::<usize>(),
            // [UNITS, IN]: IN per output element.
            "FULLY_CONNECTED" => shape(tensor(&inputs[1]))[1],
            _ => continue,
        };
        macs += (out * per_output) as u64;
        for input in &inputs[1..] {
            if input.as_i64().is_some_and(|i| i >= 0) {
                weights += tensor(input)["const_bytes"].as_u64().unwrap_or(0);
            }
        }
    }
    (macs, weights)
}

fn model_module(dir: &Path, module: &str, file: &str, vector: u32) -> String {
    let manifest = read_json(&dir.join("manifest.json"));
    let int8 = &manifest["models"]["int8"];
    let (macs, weight_bytes) = macs_and_weights(&read_json(&dir.join("ops.json")));
    let input_shape = shape(&int8["input"]);
    let output_shape = shape(&int8["output"]);
    let scale = int8["output"]["scale"].as_f64().expect("output scale");
    let zero_point = int8["output"]["zero_point"]
        .as_i64()
        .expect("output zero point");
    let vector_info = int8["vectors"]
        .as_array()
        .expect("vectors")
        .iter()
        .find(|v| v["id"].as_u64() == Some(u64::from(vector)))
        .expect("reference vector");
    let classifier = vector_info["argmax"].is_u64();
    let vectors = dir.join("vectors");
    let input_file = vectors.join(vector_info["input"].as_str().expect("input file"));
    let output_file = vectors.join(vector_info["output"].as_str().expect("output file"));
    let model = dir.join(file);
    for path in [&model, &input_file, &output_file] {
        println!("cargo::rerun-if-changed={}", path.display());
    }
    let in_len: usize = input_shape.iter().product();
    let out_len: usize = output_shape.iter().product();
    let dims = |s: &[usize]| {
        s.iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (input_type, input_fn) = match input_shape.len() {
        4 => (
            format!("microflow::buffer::Buffer4D<i8, {}>", dims(&input_shape)),
            format!(
                "crate::input4::<{}, {}, {}>(data)",
                input_shape[1], input_shape[2], input_shape[3]
            ),
        ),
        2 => (
            format!("microflow::buffer::Buffer2D<i8, {}>", dims(&input_shape)),
            format!("crate::input2::<{}>(data)", input_shape[1]),
        ),
        n => panic!("{module}: input rank {n}"),
    };
    assert_eq!(output_shape.len(), 2, "{module}: output rank");
    let mut code = String::new();
    write!(
        code,
        r#"
/// MLPerf Tiny `{module}` (int8), compiled by microflow from
/// `{model}`.
pub mod {module} {{
    /// The model.
    #[microflow::model({model:?})]
    pub struct Model;
    /// Input of `predict_quantized`.
    pub type Input = {input_type};
    /// Output of `predict_quantized` (dequantized).
    pub type Output = microflow::buffer::Buffer2D<f32, {output_dims}>;
    /// Multiply-accumulates per inference (CONV_2D, DEPTHWISE_CONV_2D,
    /// FULLY_CONNECTED).
    pub const MACS: u64 = {macs};
    /// Bytes of weights and biases in the model file.
    pub const WEIGHT_BYTES: usize = {weight_bytes};
    /// The reference vector's number.
    pub const VECTOR: u32 = {vector};
    /// Whether the model is a classifier (else an autoencoder).
    pub const CLASSIFIER: bool = {classifier};
    /// Output quantization.
    pub const OUTPUT_SCALE: f32 = {scale:?};
    /// Output zero point.
    pub const OUTPUT_ZERO_POINT: i32 = {zero_point};
    /// Reference input (int8).
    pub static INPUT: [u8; {in_len}] = *include_bytes!({input_file:?});
    /// Reference output of TFLite's reference kernels (int8).
    pub static EXPECTED: [u8; {out_len}] = *include_bytes!({output_file:?});
    /// Bytes of an input.
    pub const INPUT_LEN: usize = {in_len};
    /// The reference input as microflow's input.
    pub fn input(_: u32) -> Input {{
        input_from(&INPUT)
    }}
    /// Int8 NHWC bytes as microflow's input.
    pub fn input_from(data: &[u8; INPUT_LEN]) -> Input {{
        {input_fn}
    }}
    /// One inference.
    pub fn predict(input: &Input) -> Output {{
        Model::predict_quantized(*input)
    }}
    /// The output requantized to int8.
    pub fn quantized(output: &Output) -> [i8; {out_len}] {{
        crate::requantize(output.as_slice(), OUTPUT_SCALE, OUTPUT_ZERO_POINT)
    }}
}}
"#,
        model = model.display().to_string(),
        input_file = input_file.display().to_string(),
        output_file = output_file.display().to_string(),
        output_dims = dims(&output_shape),
    )
    .expect("write to String");
    code
}
