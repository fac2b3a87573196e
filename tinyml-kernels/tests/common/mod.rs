//! Shared by the MLPerf Tiny tests: locating the material, reading
//! manifests, vectors and the quantization of `.tflite` tensors.

#![allow(dead_code, unreachable_pub)]

use std::collections::HashMap;
use std::env;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use tinyml_cli::tflite::{Activation, Model, Tensor};
use tinyml_kernels::int8::prepare::{FusedActivation, TensorQuant};

/// The shared material's directory, or `None` (with a note) to skip.
pub fn mlperf_dir() -> Option<PathBuf> {
    if let Some(dir) = env::var_os("TINYML_MLPERF_DIR") {
        let dir = PathBuf::from(dir);
        assert!(
            dir.join("kws").is_dir(),
            "TINYML_MLPERF_DIR={} has no kws/ directory",
            dir.display()
        );
        return Some(dir);
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/mlperf-tiny");
    if dir.join("kws").is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "note: skipping the MLPerf Tiny bit-exactness tests: {} does not exist \
             (set TINYML_MLPERF_DIR to run them)",
            dir.display()
        );
        None
    }
}

pub fn read(path: &Path) -> Vec<u8> {
    fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

pub fn read_i8(path: &Path) -> Vec<i8> {
    read(path).into_iter().map(|b| b as i8).collect()
}

/// One benchmark's files.
pub struct Benchmark {
    /// `<root>/<benchmark>`.
    pub dir: PathBuf,
    /// `manifest.json`.
    pub manifest: Value,
    /// The int8 model's bytes.
    pub tflite: Vec<u8>,
}

impl Benchmark {
    pub fn load(root: &Path, name: &str) -> Self {
        let dir = root.join(name);
        let manifest: Value = serde_json::from_slice(&read(&dir.join("manifest.json")))
            .unwrap_or_else(|e| panic!("{name}/manifest.json: {e}"));
        let file = manifest["models"]["int8"]["file"]
            .as_str()
            .unwrap_or_else(|| panic!("{name}/manifest.json: no models.int8.file"));
        let tflite = read(&dir.join(file));
        Benchmark {
            dir,
            manifest,
            tflite,
        }
    }

    pub fn int8(&self) -> &Value {
        &self.manifest["models"]["int8"]
    }

    pub fn vectors_dir(&self) -> PathBuf {
        self.dir
            .join(self.int8()["vectors_dir"].as_str().unwrap_or("vectors"))
    }

    /// Tensor index → recorded contents for vector 00: the graph input and
    /// every operator output.
    pub fn recorded_00(&self, model: &Model<'_>) -> HashMap<usize, Vec<i8>> {
        let vectors = self.vectors_dir();
        let inter = &self.int8()["intermediates_for_vector_00"];
        let dir = vectors.join(inter["dir"].as_str().expect("intermediates dir"));
        let mut tensors = HashMap::new();
        for t in inter["tensors"].as_array().expect("intermediates tensors") {
            let index = t["tensor"].as_u64().expect("tensor index") as usize;
            let file = t["file"].as_str().expect("tensor file");
            tensors.insert(index, read_i8(&dir.join(file)));
        }
        tensors.insert(model.inputs[0], read_i8(&vectors.join("input_00.bin")));
        tensors
    }

    /// `(input, expected output)` file pairs of every vector, the expected
    /// outputs from `expected_dir` (relative to the vectors directory)
    /// where it has the file.
    pub fn vectors(&self, expected_dir: Option<&str>) -> Vec<(PathBuf, PathBuf)> {
        let vectors = self.vectors_dir();
        let list = self.int8()["vectors"].as_array().expect("vectors");
        list.iter()
            .map(|v| {
                let input = vectors.join(v["input"].as_str().expect("vector input"));
                let output = v["output"].as_str().expect("vector output");
                let expected = match expected_dir {
                    Some(d) if vectors.join(d).join(output).exists() => {
                        vectors.join(d).join(output)
                    }
                    _ => vectors.join(output),
                };
                (input, expected)
            })
            .collect()
    }
}

pub fn quant(t: &Tensor<'_>) -> TensorQuant {
    let q = t.quantization.as_ref().expect("a quantized tensor");
    TensorQuant {
        scale: q.scale[0],
        zero_point: q.zero_point.first().copied().unwrap_or(0) as i32,
    }
}

pub fn activation(a: Activation) -> FusedActivation {
    match a {
        Activation::None => FusedActivation::None,
        Activation::Relu => FusedActivation::Relu,
        Activation::Relu6 => FusedActivation::Relu6,
        Activation::ReluN1To1 => FusedActivation::ReluN1To1,
        other => panic!("unsupported fused activation {other}"),
    }
}

pub fn shape4(t: &Tensor<'_>) -> [usize; 4] {
    t.shape.as_slice().try_into().expect("a 4-D tensor")
}

pub fn const_i8(t: &Tensor<'_>) -> Vec<i8> {
    t.data
        .expect("constant weights")
        .iter()
        .map(|&b| b as i8)
        .collect()
}

pub fn const_i32(t: &Tensor<'_>) -> Vec<i32> {
    let data = t.data.expect("constant bias");
    data.chunks_exact(4)
        .map(|b| i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}
