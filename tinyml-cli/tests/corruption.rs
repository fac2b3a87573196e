//! Truncated and byte-flipped copies of the MLPerf Tiny models: the parser,
//! `inspect` and `import` must return Ok or Err, never panic.
//!
//! Everything runs in-process; `catch_unwind` is only how a panic is turned
//! into a test failure that names the input that caused it.

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};

use common::{INT8_MODELS, Mlperf, all_models};

/// Everything `tinyml inspect` and `tinyml import` do with the bytes;
/// whether the import succeeded. A successful int8 import must have
/// written a weights file that `tiny_model!` can decode.
fn exercise(bytes: &[u8]) -> bool {
    if let Ok(model) = tinyml_cli::tflite::Model::parse(bytes) {
        let _ = tinyml_cli::inspect::report(&model, "corrupt.tflite");
    }
    match tinyml_cli::import(bytes, "corrupt.tflite", "Corrupt") {
        Ok(imported) => {
            if imported.element == tinyml_cli::graph::Element::I8
                && let Err(e) = tinyml_format::WeightsFile::decode(&imported.weights)
            {
                panic!("an imported weights.tmw does not decode: {e}");
            }
            true
        }
        Err(_) => false,
    }
}

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Byte ranges of constant tensor data: flips there only change weights, so
/// half of the flips are aimed elsewhere, at the flatbuffer's tables,
/// vtables, offsets and vectors.
fn constant_ranges(bytes: &[u8]) -> Vec<std::ops::Range<usize>> {
    let model = tinyml_cli::tflite::Model::parse(bytes).expect("the original model parses");
    let base = bytes.as_ptr() as usize;
    let mut ranges: Vec<_> = model
        .tensors
        .iter()
        .filter_map(|t| t.data)
        .map(|d| {
            let start = d.as_ptr() as usize - base;
            start..start + d.len()
        })
        .collect();
    ranges.sort_by_key(|r| r.start);
    ranges
}

#[test]
fn truncated_and_flipped_models_never_panic() {
    let Some(mlperf) = Mlperf::locate("truncated_and_flipped_models_never_panic") else {
        return;
    };
    let mut failures: Vec<String> = Vec::new();
    let mut runs = 0usize;
    // Whether the import succeeded.
    let mut check = |what: String, bytes: &[u8], runs: &mut usize| -> bool {
        *runs += 1;
        match catch_unwind(AssertUnwindSafe(|| exercise(bytes))) {
            Ok(imported) => imported,
            Err(_) => {
                failures.push(what);
                false
            }
        }
    };
    // Successful imports per model: every model but the hybrid one imports
    // after most flips inside its constant data, so the int8 path (lowering,
    // emitting and encoding the .tmw) runs on corrupted int8 models too.
    let mut imports: Vec<(&str, usize)> = Vec::new();
    for (m, rel) in all_models().into_iter().enumerate() {
        let original = mlperf.read(rel);
        let len = original.len();
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ (m as u64 + 1));

        // Truncations: every length up to 64, 200 spread over the file and
        // the last few bytes.
        let mut lengths: Vec<usize> = (0..=64.min(len)).collect();
        lengths.extend((1..200).map(|i| i * len / 200));
        lengths.extend(len.saturating_sub(8)..len);
        lengths.sort_unstable();
        lengths.dedup();
        for n in lengths {
            check(
                format!("{rel} truncated to {n} bytes"),
                &original[..n],
                &mut runs,
            );
        }

        // Flips: 150 anywhere, 150 outside constant data; half of the latter
        // overwrite a 4-byte word (offsets, lengths, indices are u32/i32).
        let constants = constant_ranges(&original);
        let in_constant = |p: usize| constants.iter().any(|r| r.contains(&p));
        let mut copy = original.clone();
        let mut ok = 0;
        for i in 0..300 {
            let mut pos = rng.below(len);
            if i >= 150 {
                for _ in 0..100 {
                    if !in_constant(pos) {
                        break;
                    }
                    pos = rng.below(len);
                }
            }
            let what = if i >= 225 && pos + 4 <= len {
                let word: u32 = match rng.below(6) {
                    0 => 0,
                    1 => u32::MAX,
                    2 => i32::MAX as u32,
                    3 => 0x8000_0000,
                    4 => rng.below(len) as u32,
                    _ => rng.next() as u32,
                };
                copy[pos..pos + 4].copy_from_slice(&word.to_le_bytes());
                format!("{rel} with bytes {pos}..{} set to {word:#x}", pos + 4)
            } else {
                let mask = (rng.below(255) + 1) as u8;
                copy[pos] ^= mask;
                format!("{rel} with byte {pos} xor {mask:#04x}")
            };
            ok += usize::from(check(what, &copy, &mut runs));
            copy[pos..(pos + 4).min(len)].copy_from_slice(&original[pos..(pos + 4).min(len)]);
        }
        imports.push((rel, ok));
    }
    assert!(
        failures.is_empty(),
        "{} of {runs} corrupted inputs panicked:\n{}",
        failures.len(),
        failures.join("\n")
    );
    for (_, rel, _) in INT8_MODELS {
        assert!(
            imports.iter().any(|&(r, ok)| r == rel && ok > 0),
            "{rel}: no corrupted copy imported: {imports:?}"
        );
    }
    eprintln!("{runs} corrupted inputs, no panic; flipped copies imported: {imports:?}");
}
