//! The MLPerf Tiny reference models, imported at build time (see `build.rs`)
//! and compiled with `tiny_model!`. Empty when the models are not available.

/// The digits model as `tinyml import` writes it from
/// `examples/digits/digits_f32.tflite`.
#[allow(missing_docs)]
pub mod digits_imported {
    include!(concat!(env!("OUT_DIR"), "/digits_imported/mod.rs"));
}

/// `tinyml inspect`'s activation-RAM estimate of each model, in bytes.
#[cfg(mlperf)]
#[allow(missing_docs)]
pub mod inspect_ram {
    include!(concat!(env!("OUT_DIR"), "/inspect_ram.rs"));
}

#[cfg(mlperf)]
#[allow(missing_docs)]
pub mod models {
    include!(concat!(env!("OUT_DIR"), "/kws_f32/mod.rs"));
    include!(concat!(env!("OUT_DIR"), "/vww_f32/mod.rs"));
    include!(concat!(env!("OUT_DIR"), "/ic_f32/mod.rs"));
    include!(concat!(env!("OUT_DIR"), "/ad_f32/mod.rs"));
    include!(concat!(env!("OUT_DIR"), "/kws_int8/mod.rs"));
    include!(concat!(env!("OUT_DIR"), "/vww_int8/mod.rs"));
    include!(concat!(env!("OUT_DIR"), "/ic_int8/mod.rs"));
    include!(concat!(env!("OUT_DIR"), "/ad_int8/mod.rs"));
}

/// Reads the reference vector files `<dir>/input_XX.bin` and
/// `<dir>/output_XX.bin` (raw little-endian), in order.
pub fn vectors(dir: &std::path::Path) -> Vec<(String, Vec<u8>, Vec<u8>)> {
    let inputs = files(dir, "input");
    let outputs = files(dir, "output");
    assert_eq!(
        inputs.len(),
        outputs.len(),
        "inputs and outputs differ in count in {}",
        dir.display()
    );
    inputs
        .into_iter()
        .zip(outputs)
        .map(|((name, input), (_, output))| (name, input, output))
        .collect()
}

/// Reads `<dir>/<prefix>_00.bin`, `<dir>/<prefix>_01.bin`, … in order; at
/// least one must exist.
pub fn files(dir: &std::path::Path, prefix: &str) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    for index in 0.. {
        let path = dir.join(format!("{prefix}_{index:02}.bin"));
        if !path.exists() {
            break;
        }
        let bytes =
            std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        found.push((format!("{index:02}"), bytes));
    }
    assert!(
        !found.is_empty(),
        "no {prefix}_XX.bin files in {}",
        dir.display()
    );
    found
}

/// Little-endian f32 values.
pub fn f32s(bytes: &[u8]) -> Vec<f32> {
    bytes
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}
