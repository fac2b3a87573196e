//! Round trip on the project's own model: `tools/` trains the digits CNN and
//! exports it as `.tflite` and as the raw weight file the hand-declared
//! model (`examples/digits/model.rs`) includes. Importing the `.tflite` must
//! give the same layers and a byte-identical weight file.

use std::path::Path;

/// The layer chain of a `tiny_model!`: from `input[` to the `;`, comments
/// and whitespace removed.
fn chain(source: &str) -> Vec<String> {
    let mut steps = Vec::new();
    let mut inside = false;
    for line in source.lines() {
        let code = line.split("//").next().unwrap_or("").trim();
        if let Some(at) = code.find("input[") {
            inside = true;
            steps.push(code[at..].to_owned());
            continue;
        }
        if inside && !code.is_empty() {
            steps.extend(
                code.split("->")
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned),
            );
            if code.ends_with(';') {
                break;
            }
        }
    }
    steps
}

#[test]
fn digits_import_matches_the_hand_declared_model() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/digits");
    let tflite = dir.join("digits_f32.tflite");
    if !tflite.is_file() {
        eprintln!("note: skipped: {} does not exist", tflite.display());
        return;
    }
    let bytes = std::fs::read(&tflite).expect("read the digits model");
    let imported = tinyml_cli::import(&bytes, "digits_f32.tflite", "Digits").expect("imports");
    let hand = std::fs::read_to_string(dir.join("model.rs")).expect("examples/digits/model.rs");
    let expected = chain(&hand);
    assert!(expected.len() > 2, "no chain found in model.rs");
    assert_eq!(chain(&imported.source), expected, "\n{}", imported.source);
    let weights =
        std::fs::read(dir.join("digits_f32.bin")).expect("examples/digits/digits_f32.bin");
    assert!(
        imported.weights == weights,
        "weights.bin differs from examples/digits/digits_f32.bin"
    );
}
