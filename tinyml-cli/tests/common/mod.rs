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

/// The int8 reference models, and the hybrid (dynamic-range) kws model.
pub const QUANTIZED_MODELS: [&str; 5] = [
    "kws/kws_ref_model.tflite",
    "vww/vww_96_int8.tflite",
    "ic/pretrainedResnet_quant.tflite",
    "ad/ad01_int8.tflite",
    "kws/kws_ref_model_float32.tflite",
];

/// All nine `.tflite` files of the MLPerf Tiny directory.
pub fn all_models() -> Vec<&'static str> {
    FLOAT_MODELS
        .iter()
        .map(|m| m.1)
        .chain(QUANTIZED_MODELS)
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
