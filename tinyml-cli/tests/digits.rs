//! Round trip on the project's own model: `tools/` trains the digits CNN and
//! exports it as `.tflite` and as the raw weight file the hand-declared
//! model (`examples/digits/model.rs`) includes. Importing the `.tflite` must
//! give the same layers and a byte-identical weight file; importing the
//! full-integer int8 export (`digits_int8.tflite`) the same layers with
//! element type `i8` and a `weights.tmw` that holds exactly its parameters.

mod common;

use std::path::Path;

use tinyml_format::{Activation, Kind, Quant, WeightsFile};

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

#[test]
fn digits_int8_import() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/digits");
    let tflite = dir.join("digits_int8.tflite");
    if !tflite.is_file() {
        eprintln!("note: skipped: {} does not exist", tflite.display());
        return;
    }
    let bytes = std::fs::read(&tflite).expect("read the int8 digits model");
    let imported = tinyml_cli::import(&bytes, "digits_int8.tflite", "Digits").expect("imports");
    let src = &imported.source;
    assert!(
        src.contains("    pub Digits: i8 = input[8, 8, 1]\n"),
        "{src}"
    );
    assert!(
        src.ends_with("    weights = include_bytes!(\"weights.tmw\");\n}\n"),
        "{src}"
    );
    assert_eq!(imported.weights_file, "weights.tmw");
    let hand = std::fs::read_to_string(dir.join("model.rs")).expect("examples/digits/model.rs");
    assert_eq!(chain(src), chain(&hand), "\n{src}");
    assert_eq!(imported.parameters, 4578);

    let file = WeightsFile::decode(&imported.weights).expect("a valid weights file");
    let kinds: Vec<(Kind, Activation, usize)> = file
        .layers
        .iter()
        .map(|l| {
            (
                l.kind,
                l.activation,
                l.params.as_ref().map_or(0, |p| p.scales.len()),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            (Kind::Conv2d, Activation::Relu, 16),
            (Kind::DepthwiseConv2d, Activation::Relu, 16),
            (Kind::MaxPool, Activation::None, 0),
            (Kind::Conv2d, Activation::Relu, 24),
            // The dense layer is quantized per channel: one scale per unit.
            (Kind::Dense, Activation::None, 10),
            (Kind::Softmax, Activation::None, 0),
        ]
    );
    // The input is `pixel / 16` quantized to scale 1/255, zero point -128.
    assert_eq!(file.inputs[0].zero_point, -128);
    assert!((file.inputs[0].scale - 1.0 / 255.0).abs() < 1e-9);
    assert_eq!(
        file.outputs[0],
        Quant {
            scale: 1.0 / 256.0,
            zero_point: -128
        }
    );
    let model = tinyml_cli::tflite::Model::parse(&bytes).expect("parses");
    common::check_int8_records("digits_int8.tflite", &model, &file);
}
