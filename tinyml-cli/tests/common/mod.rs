//! Shared helpers: where the MLPerf Tiny models are, and temporary dirs.

#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The four float models `tinyml import` must handle: (benchmark, file, type name).
pub const FLOAT_MODELS: [(&str, &str, &str); 4] = [
    ("kws", "kws/kws_ref_model_pure_f32.tflite", "Kws"),
    ("vww", "vww/vww_96_float.tflite", "Vww"),
    ("ic", "ic/pretrainedResnet.tflite", "Ic"),
    ("ad", "ad/ad01_fp32.tflite", "Ad"),
];

/// The four full-integer int8 reference models: (benchmark, file, type name).
pub const INT8_MODELS: [(&str, &str, &str); 4] = [
    ("kws", "kws/kws_ref_model.tflite", "Kws"),
    ("vww", "vww/vww_96_int8.tflite", "Vww"),
    ("ic", "ic/pretrainedResnet_quant.tflite", "Ic"),
    ("ad", "ad/ad01_int8.tflite", "Ad"),
];

/// The hybrid (dynamic-range: int8 weights, float activations) kws model,
/// which `tinyml import` refuses.
pub const HYBRID_MODEL: &str = "kws/kws_ref_model_float32.tflite";

/// All nine `.tflite` files of the MLPerf Tiny directory.
pub fn all_models() -> Vec<&'static str> {
    FLOAT_MODELS
        .iter()
        .chain(&INT8_MODELS)
        .map(|m| m.1)
        .chain([HYBRID_MODEL])
        .collect()
}

/// The MLPerf Tiny directory: `$TINYML_MLPERF_DIR`, or `../shared/mlperf-tiny`
/// beside the workspace. With the variable set, missing files fail the test;
/// without it, a missing default directory skips the test with a note.
pub struct Mlperf {
    dir: PathBuf,
}

impl Mlperf {
    pub fn locate(test: &str) -> Option<Mlperf> {
        if let Some(dir) = std::env::var_os("TINYML_MLPERF_DIR") {
            let dir = PathBuf::from(dir);
            let mlperf = Mlperf { dir };
            for model in all_models() {
                mlperf.path(model);
            }
            return Some(mlperf);
        }
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/mlperf-tiny");
        if dir.is_dir() {
            Some(Mlperf { dir })
        } else {
            eprintln!(
                "note: {test} skipped: TINYML_MLPERF_DIR is not set and {} does not exist",
                dir.display()
            );
            None
        }
    }

    /// The path of `rel`, which must exist.
    pub fn path(&self, rel: &str) -> PathBuf {
        let path = self.dir.join(rel);
        assert!(
            path.is_file(),
            "MLPerf Tiny model {} is missing (TINYML_MLPERF_DIR={:?})",
            path.display(),
            std::env::var_os("TINYML_MLPERF_DIR")
        );
        path
    }

    pub fn read(&self, rel: &str) -> Vec<u8> {
        let path = self.path(rel);
        std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }
}

/// A directory under the system temp dir, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "tinyml-cli-{tag}-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create temp dir");
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs the `tinyml` binary.
pub fn tinyml(args: &[&std::ffi::OsStr]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_tinyml"))
        .args(args)
        .output()
        .expect("run tinyml")
}

/// `[a, b, c]`, as the shape comments print it.
pub fn shape_text(shape: &[usize]) -> String {
    format!(
        "[{}]",
        shape
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// The DSL word each TFLite operator becomes.
pub fn dsl_word(op: &str) -> &'static str {
    match op {
        "CONV_2D" => "conv2d(",
        "DEPTHWISE_CONV_2D" => "depthwise_conv2d(",
        "FULLY_CONNECTED" => "dense(",
        "AVERAGE_POOL_2D" => "avg_pool(",
        "MAX_POOL_2D" => "max_pool(",
        "RESHAPE" => "flatten",
        "SOFTMAX" => "softmax",
        "ADD" => "add(",
        other => panic!("the models under test have no {other}"),
    }
}

/// Checks an int8 import's weights file against the model it came from,
/// operator by operator (source order is TFLite's execution order for the
/// models under test): one record per operator except RESHAPE, with the
/// operator's kind and fused activation, its output tensor's quantization,
/// and for conv/depthwise/dense exactly the filter's shape, scales and
/// bytes and the int32 bias (zeros when absent). `what` names the model in
/// messages.
pub fn check_int8_records(
    what: &str,
    model: &tinyml_cli::tflite::Model<'_>,
    file: &tinyml_format::WeightsFile,
) {
    use tinyml_cli::tflite::{Activation, Options};
    use tinyml_format::{Activation as FileActivation, Kind, Quant};

    let quant = |t: usize| {
        let q = model.tensors[t]
            .quantization
            .as_ref()
            .unwrap_or_else(|| panic!("{what}: tensor {t} is quantized"));
        assert_eq!(q.scale.len(), 1, "{what}: tensor {t}");
        Quant {
            scale: q.scale[0],
            zero_point: i32::try_from(q.zero_point[0]).expect("an int8 zero point"),
        }
    };
    assert_eq!(file.inputs[0], quant(model.inputs[0]), "{what}: input");
    assert_eq!(file.outputs[0], quant(model.outputs[0]), "{what}: output");
    let ops: Vec<_> = model
        .operators
        .iter()
        .filter(|op| op.name != "RESHAPE")
        .collect();
    assert_eq!(
        file.layers.len(),
        ops.len(),
        "{what}: one record per op but RESHAPE"
    );
    for (op, record) in ops.iter().zip(&file.layers) {
        let at = format!("{what}: {} (operator {})", op.name, op.index);
        let kind = match op.name.as_str() {
            "CONV_2D" => Kind::Conv2d,
            "DEPTHWISE_CONV_2D" => Kind::DepthwiseConv2d,
            "FULLY_CONNECTED" => Kind::Dense,
            "MAX_POOL_2D" => Kind::MaxPool,
            "AVERAGE_POOL_2D" => Kind::AvgPool,
            "ADD" => Kind::Add,
            "SOFTMAX" => Kind::Softmax,
            other => panic!("{at}: unexpected {other}"),
        };
        assert_eq!(record.kind, kind, "{at}");
        let activation = match &op.options {
            Options::Conv2d(c) | Options::DepthwiseConv2d { conv: c, .. } => c.activation,
            Options::Pool { activation, .. }
            | Options::FullyConnected { activation, .. }
            | Options::Add { activation } => *activation,
            _ => Activation::None,
        };
        let activation = match activation {
            Activation::None => FileActivation::None,
            Activation::Relu => FileActivation::Relu,
            Activation::Relu6 => FileActivation::Relu6,
            other => panic!("{at}: unexpected activation {other}"),
        };
        assert_eq!(record.activation, activation, "{at}");
        assert_eq!(
            record.output,
            quant(op.outputs[0]),
            "{at}: output quantization"
        );
        if kind.params().is_none() {
            assert!(record.params.is_none(), "{at}");
            continue;
        }
        let params = record
            .params
            .as_ref()
            .unwrap_or_else(|| panic!("{at}: params"));
        let w = &model.tensors[op.input(1).expect("weights")];
        let dims: Vec<u32> = w.shape.iter().map(|&d| d as u32).collect();
        assert_eq!(params.dims, dims, "{at}: dims");
        let wq = w.quantization.as_ref().expect("quantized weights");
        assert_eq!(params.scales, wq.scale, "{at}: scales");
        assert!(wq.zero_point.iter().all(|&z| z == 0), "{at}");
        let bytes: Vec<u8> = params.weights.iter().map(|w| w.to_le_bytes()[0]).collect();
        assert!(
            Some(bytes.as_slice()) == w.data,
            "{at}: the weights differ from the filter's buffer"
        );
        let channels = params.channels(kind);
        assert_eq!(params.bias.len(), channels, "{at}: bias length");
        match op.input(2) {
            Some(b) => {
                let data = model.tensors[b].data.expect("a constant bias");
                let bias: Vec<i32> = data
                    .chunks_exact(4)
                    .map(|c| i32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                    .collect();
                assert_eq!(params.bias, bias, "{at}: bias");
            }
            None => assert!(params.bias.iter().all(|&b| b == 0), "{at}: bias"),
        }
    }
}
