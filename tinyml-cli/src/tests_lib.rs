//! Unit tests of `lib.rs` itself: type names, and what `import` reports
//! about parts of the file it does not read.

use flatbuffers::{FlatBufferBuilder, WIPOffset};

use crate::schema::tflite as fb;
use crate::testmodel::ramp;
use crate::{import, is_valid_type_name};

#[test]
fn type_names_follow_rust_identifiers() {
    // Non-ASCII XID identifiers are Rust identifiers (issue 14: `Ñet`).
    for good in ["Kws", "_Model2", "Ñet", "Сеть", "Modèle", "Net_ñ", "ネット"] {
        assert!(is_valid_type_name(good), "{good}");
    }
    // Keywords of every edition, `_`, and what is not XID.
    for bad in [
        "",
        "_",
        "2Kws",
        "my-model",
        "a b",
        "fn",
        "Self",
        "gen",
        "try",
        "dyn",
        "Net€",
        "€Net",
        "\u{301}Net",
    ] {
        assert!(!is_valid_type_name(bad), "{bad}");
    }
}

fn tensor<'a>(
    fbb: &mut FlatBufferBuilder<'a>,
    shape: &[i32],
    buffer: u32,
) -> WIPOffset<fb::Tensor<'a>> {
    let shape = fbb.create_vector(shape);
    fb::Tensor::create(
        fbb,
        &fb::TensorArgs {
            shape: Some(shape),
            type_: fb::TensorType::FLOAT32,
            buffer,
            ..Default::default()
        },
    )
}

fn subgraph<'a>(
    fbb: &mut FlatBufferBuilder<'a>,
    tensors: &[WIPOffset<fb::Tensor<'a>>],
    operators: &[WIPOffset<fb::Operator<'a>>],
    inputs: &[i32],
    outputs: &[i32],
) -> WIPOffset<fb::SubGraph<'a>> {
    let tensors = fbb.create_vector(tensors);
    let operators = fbb.create_vector(operators);
    let inputs = fbb.create_vector(inputs);
    let outputs = fbb.create_vector(outputs);
    fb::SubGraph::create(
        fbb,
        &fb::SubGraphArgs {
            tensors: Some(tensors),
            inputs: Some(inputs),
            outputs: Some(outputs),
            operators: Some(operators),
            ..Default::default()
        },
    )
}

/// A float32 `dense(2)` on `[1, 4]` as the main subgraph, followed by
/// `extra` more subgraphs (each an identity on one tensor) that no operator
/// calls.
fn with_extra_subgraphs(extra: usize) -> Vec<u8> {
    let mut fbb = FlatBufferBuilder::new();
    let weights: Vec<u8> = ramp(8).iter().flat_map(|v| v.to_le_bytes()).collect();
    let weights = fbb.create_vector(&weights);
    let buffers = [
        fb::Buffer::create(&mut fbb, &fb::BufferArgs::default()),
        fb::Buffer::create(
            &mut fbb,
            &fb::BufferArgs {
                data: Some(weights),
                ..Default::default()
            },
        ),
    ];
    let main_tensors = [
        tensor(&mut fbb, &[1, 4], 0),
        tensor(&mut fbb, &[2, 4], 1),
        tensor(&mut fbb, &[1, 2], 0),
    ];
    let options = fb::FullyConnectedOptions::create(&mut fbb, &Default::default());
    let (op_inputs, op_outputs) = (fbb.create_vector(&[0, 1, -1]), fbb.create_vector(&[2]));
    let dense = fb::Operator::create(
        &mut fbb,
        &fb::OperatorArgs {
            opcode_index: 0,
            inputs: Some(op_inputs),
            outputs: Some(op_outputs),
            builtin_options_type: fb::BuiltinOptions::FullyConnectedOptions,
            builtin_options: Some(options.as_union_value()),
            ..Default::default()
        },
    );
    let mut subgraphs = vec![subgraph(&mut fbb, &main_tensors, &[dense], &[0], &[2])];
    for _ in 0..extra {
        let t = tensor(&mut fbb, &[1, 2], 0);
        subgraphs.push(subgraph(&mut fbb, &[t], &[], &[0], &[0]));
    }
    let code = fb::OperatorCode::create(
        &mut fbb,
        &fb::OperatorCodeArgs {
            deprecated_builtin_code: 9,
            builtin_code: fb::BuiltinOperator::FULLY_CONNECTED,
            version: 1,
            ..Default::default()
        },
    );
    let (codes, subgraphs, buffers) = (
        fbb.create_vector(&[code]),
        fbb.create_vector(&subgraphs),
        fbb.create_vector(&buffers),
    );
    let model = fb::Model::create(
        &mut fbb,
        &fb::ModelArgs {
            version: 3,
            operator_codes: Some(codes),
            subgraphs: Some(subgraphs),
            buffers: Some(buffers),
            ..Default::default()
        },
    );
    fb::finish_model_buffer(&mut fbb, model);
    fbb.finished_data().to_vec()
}

#[test]
fn import_notes_ignored_subgraphs() {
    let notes = |extra| match import(&with_extra_subgraphs(extra), "two.tflite", "Net") {
        Ok(imported) => imported.notes,
        Err(e) => panic!("import failed: {e}"),
    };
    assert_eq!(notes(0), Vec::<String>::new());
    assert_eq!(
        notes(1),
        [
            "the model has 2 subgraphs; only the first (the main graph) was imported, 1 other was ignored"
        ]
    );
    assert_eq!(
        notes(2),
        [
            "the model has 3 subgraphs; only the first (the main graph) was imported, 2 others were ignored"
        ]
    );
}
