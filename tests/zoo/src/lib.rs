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

/// Signed bytes.
pub fn i8s(bytes: &[u8]) -> Vec<i8> {
    bytes.iter().map(|&b| b as i8).collect()
}

/// For a model with several inputs or outputs: each sample's inputs (split
/// by `in_lens`) with its expected outputs (all of them in turn).
pub fn samples<'a, T>(
    inputs: &'a [T],
    in_lens: &[usize],
    expected: &'a [T],
    out_lens: &[usize],
) -> Vec<(Vec<&'a [T]>, &'a [T])> {
    let (n_in, n_out) = (
        in_lens.iter().sum::<usize>(),
        out_lens.iter().sum::<usize>(),
    );
    assert_eq!(
        inputs.len() / n_in,
        expected.len() / n_out,
        "samples in and out"
    );
    inputs
        .chunks_exact(n_in)
        .zip(expected.chunks_exact(n_out))
        .map(|(sample, want)| {
            let mut rest = sample;
            let parts = in_lens
                .iter()
                .map(|&len| {
                    let (part, tail) = rest.split_at(len);
                    rest = tail;
                    part
                })
                .collect();
            (parts, want)
        })
        .collect()
}

/// `f32` within 1e-4 of the reference.
pub fn compare_within(name: &str, kind: &str, index: usize, ours: &[f32], want: &[f32]) {
    assert_eq!(ours.len(), want.len(), "{name} {kind} sample {index}");
    let worst = ours
        .iter()
        .zip(want)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f32::max);
    assert!(
        worst <= 1e-4,
        "{name} {kind} sample {index}: largest error {worst:e}"
    );
}

/// Byte for byte.
pub fn compare_exact(name: &str, kind: &str, index: usize, ours: &[i8], want: &[i8]) {
    assert_eq!(ours, want, "{name} {kind} sample {index}");
}

/// Bit for bit.
pub fn compare_bits(name: &str, kind: &str, index: usize, ours: &[f32], want: &[f32]) {
    let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<u32>>();
    assert_eq!(bits(ours), bits(want), "{name} {kind} sample {index}");
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

/// What a streaming model's `step` returns: an output on every frame, or
/// only on some (with strides).
pub trait StepOutput<T> {
    /// The output, if the step made one.
    fn output(self) -> Option<Vec<T>>;
}

impl<T: Copy, const N: usize> StepOutput<T> for &[T; N] {
    fn output(self) -> Option<Vec<T>> {
        Some(self.to_vec())
    }
}

impl<T: Copy, const N: usize> StepOutput<T> for Option<&[T; N]> {
    fn output(self) -> Option<Vec<T>> {
        self.map(|a| a.to_vec())
    }
}
