//! The project's own model zoo (`tools/make_zoo.py`), imported at build time
//! by `tinyml import` (see `build.rs`) and compiled with `tiny_model!`.

use std::path::{Path, PathBuf};

/// Every imported model, as `models::<name>_<kind>::<Type>`.
#[allow(missing_docs)]
pub mod models {
    include!(concat!(env!("OUT_DIR"), "/models.rs"));
}

/// `tests/zoo/models/<name>/<file>`'s bytes.
pub fn read(name: &str, file: &str) -> Vec<u8> {
    let path: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("models")
        .join(name)
        .join(file);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Little-endian `f32`s.
pub fn f32s(bytes: &[u8]) -> Vec<f32> {
    bytes
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

/// The reference vectors `input_XX.bin` / `output_XX.bin` of a TFLM example
/// model's folder, in order.
pub fn vectors(dir: &str) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut pairs = Vec::new();
    for index in 0.. {
        let path = |kind: &str| Path::new(dir).join(format!("{kind}_{index:02}.bin"));
        let (Ok(input), Ok(output)) = (std::fs::read(path("input")), std::fs::read(path("output")))
        else {
            break;
        };
        pairs.push((input, output));
    }
    assert!(!pairs.is_empty(), "no vectors in {dir}");
    pairs
}
