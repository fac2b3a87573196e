//! `tinyml import` and `tinyml inspect` on the MLPerf Tiny reference models.
//!
//! The expectations come from the TFLite interpreter's own dumps beside the
//! models (`ops_float*.txt`): every emitted line's shape comment must be the
//! shape TFLite gives that operator's output, every fused RELU must appear,
//! and weights.bin must be exactly the operators' constant bytes.

mod common;

use std::collections::HashMap;
use std::ffi::OsStr;

use common::{FLOAT_MODELS, Mlperf, QUANTIZED_MODELS, TempDir, all_models, tinyml};

/// One operator of an `ops*.txt` dump.
struct DumpOp {
    op: String,
    inputs: Vec<i64>,
    output: usize,
    activation: Option<String>,
}

/// The parts of an `ops*.txt` dump these tests use.
struct Dump {
    ops: Vec<DumpOp>,
    shapes: HashMap<usize, Vec<usize>>,
    const_bytes: HashMap<usize, usize>,
}

fn list(s: &str) -> Vec<i64> {
    s.split(',')
        .filter(|x| !x.trim().is_empty())
        .map(|x| x.trim().parse().expect("integer"))
        .collect()
}

fn parse_dump(text: &str) -> Dump {
    let mut dump = Dump {
        ops: Vec::new(),
        shapes: HashMap::new(),
        const_bytes: HashMap::new(),
    };
    let mut section = "";
    let mut tensor: Option<usize> = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("## ") {
            section = if rest.starts_with("operators") {
                "ops"
            } else if rest.starts_with("tensors") {
                "tensors"
            } else {
                ""
            };
            continue;
        }
        let trimmed = line.trim_start();
        match section {
            "ops" if !trimmed.is_empty() => {
                let (_, rest) = trimmed.split_once(": ").expect("index: OP");
                let op = rest.split_whitespace().next().expect("op name").to_owned();
                let inputs = list(
                    rest.split_once("in=[")
                        .expect("in=")
                        .1
                        .split_once(']')
                        .expect("]")
                        .0,
                );
                let output = list(
                    rest.split_once("out=[")
                        .expect("out=")
                        .1
                        .split_once(']')
                        .expect("]")
                        .0,
                )[0];
                let activation = rest
                    .split_whitespace()
                    .find_map(|w| w.strip_prefix("fusedActivationFunction="))
                    .filter(|a| *a != "NONE")
                    .map(str::to_owned);
                dump.ops.push(DumpOp {
                    op,
                    inputs,
                    output: output as usize,
                    activation,
                });
            }
            "tensors" => {
                if let Some(rest) = trimmed.strip_prefix("shape=[") {
                    let t = tensor.expect("a tensor header before its shape");
                    let (dims, rest) = rest.split_once(']').expect("]");
                    dump.shapes
                        .insert(t, list(dims).into_iter().map(|d| d as usize).collect());
                    if let Some(c) = rest.split_once("const(") {
                        let bytes = c.1.split_once("B)").expect("B)").0.parse().expect("bytes");
                        dump.const_bytes.insert(t, bytes);
                    }
                } else if let Some((idx, _)) = trimmed.split_once(": ")
                    && let Ok(idx) = idx.parse()
                {
                    tensor = Some(idx);
                }
            }
            _ => {}
        }
    }
    dump
}

fn dump_for(mlperf: &Mlperf, model: &str) -> Dump {
    let rel = match model {
        "kws/kws_ref_model_pure_f32.tflite" => "kws/ops_float_derived.txt",
        other => &format!(
            "{}/ops_float.txt",
            other.split('/').next().unwrap_or_default()
        ),
    };
    let path = mlperf.path(rel);
    parse_dump(&std::fs::read_to_string(&path).expect("read dump"))
}

fn shape_text(shape: &[usize]) -> String {
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
fn dsl_word(op: &str) -> &'static str {
    match op {
        "CONV_2D" => "conv2d(",
        "DEPTHWISE_CONV_2D" => "depthwise_conv2d(",
        "FULLY_CONNECTED" => "dense(",
        "AVERAGE_POOL_2D" => "avg_pool(",
        "MAX_POOL_2D" => "max_pool(",
        "RESHAPE" => "flatten",
        "SOFTMAX" => "softmax",
        "ADD" => "add(",
        other => panic!("the MLPerf float models have no {other}"),
    }
}

#[test]
fn float_models_import() {
    let Some(mlperf) = Mlperf::locate("float_models_import") else {
        return;
    };
    let mut summary = Vec::new();
    for (bench, rel, name) in FLOAT_MODELS {
        let bytes = mlperf.read(rel);
        let file = rel.rsplit('/').next().unwrap_or(rel);
        let imported =
            tinyml_cli::import(&bytes, file, name).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let dump = dump_for(&mlperf, rel);
        let src = &imported.source;

        // Header, declaration and weights line.
        assert!(
            src.starts_with(&format!(
                "// Generated by `tinyml import {file} --name {name}` (tinyml "
            )),
            "{src}"
        );
        let input = &dump.shapes[&0][1..];
        assert!(
            src.contains(&format!(
                "    pub {name}: f32 = input{}\n",
                shape_text(input)
            )),
            "{src}"
        );
        assert!(
            src.ends_with("    weights = include_bytes!(\"weights.bin\");\n}\n"),
            "{src}"
        );

        // One commented line per TFLite operator, in order, with TFLite's
        // output shape, the right layer and its fused activation.
        let lines: Vec<&str> = src.lines().filter(|l| l.contains("  // [")).collect();
        assert_eq!(
            lines.len(),
            dump.ops.len(),
            "{rel}: one line per operator\n{src}"
        );
        let mut fused = 0;
        for (line, op) in lines.iter().zip(&dump.ops) {
            let (code, comment) = line.split_once("  // ").expect("comment");
            assert_eq!(
                comment,
                shape_text(&dump.shapes[&op.output][1..]),
                "{rel}: {line}"
            );
            assert!(code.contains(dsl_word(&op.op)), "{rel}: {} → {line}", op.op);
            match op.activation.as_deref() {
                Some("RELU") => {
                    fused += 1;
                    assert!(
                        code.trim_end_matches([';', ' ']).contains("-> relu"),
                        "{rel}: {line}"
                    );
                }
                Some(other) => panic!("{rel}: unexpected fused {other}"),
                None => assert!(!code.contains("relu"), "{rel}: {line}"),
            }
        }
        assert_eq!(imported.layers, dump.ops.len() + fused, "{rel}");

        // weights.bin: 4 bytes per parameter, and exactly the constants of
        // each conv/depthwise/dense operator (weights, then bias) in order.
        let params: usize = dump
            .ops
            .iter()
            .filter(|op| {
                matches!(
                    op.op.as_str(),
                    "CONV_2D" | "DEPTHWISE_CONV_2D" | "FULLY_CONNECTED"
                )
            })
            .flat_map(|op| op.inputs[1..].iter().filter(|&&i| i >= 0))
            .map(|&i| dump.const_bytes[&(i as usize)] / 4)
            .sum();
        assert_eq!(imported.weights.len(), 4 * params, "{rel}");
        let model = tinyml_cli::tflite::Model::parse(&bytes).expect("parses");
        let mut expected = Vec::new();
        for op in &model.operators {
            if matches!(
                op.name.as_str(),
                "CONV_2D" | "DEPTHWISE_CONV_2D" | "FULLY_CONNECTED"
            ) {
                for i in [1, 2] {
                    let t = op.input(i).expect("weights and bias");
                    expected.extend_from_slice(model.tensors[t].data.expect("constant"));
                }
            }
        }
        assert!(
            expected == imported.weights,
            "{rel}: weights.bin differs from the model's constants"
        );

        // Every name is bound once, before it is used; the last statement
        // is the output. Splitting at `;` gives the statements, the weights
        // line and the closing brace.
        let statements: Vec<&str> = src.split(';').collect();
        let mut bound: Vec<String> = Vec::new();
        for statement in &statements[..statements.len() - 2] {
            let code: String = statement
                .lines()
                .map(|l| l.split("  // ").next().unwrap_or(""))
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join(" ");
            for used in code
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| is_binding(w))
            {
                let defined_here = code.ends_with(&format!("as {used}"));
                assert!(
                    defined_here || bound.iter().any(|b| b == used),
                    "{rel}: {used} used before `as {used}`"
                );
            }
            if let Some((_, name)) = code.rsplit_once(" as ") {
                assert!(
                    !bound.iter().any(|b| b == name.trim()),
                    "{rel}: {name} bound twice"
                );
                bound.push(name.trim().to_owned());
            }
        }
        let last = statements[statements.len() - 3];
        assert!(
            !last.contains(" as "),
            "{rel}: the output statement has no `as`"
        );
        let adds = dump.ops.iter().filter(|op| op.op == "ADD").count();
        assert_eq!(src.matches("add(").count(), adds, "{rel}");

        summary.push(format!(
            "{bench}: {} operators -> {} layers, {} statements, {params} parameters",
            dump.ops.len(),
            imported.layers,
            statements.len() - 2,
        ));
    }
    eprintln!("{}", summary.join("\n"));
}

fn is_binding(word: &str) -> bool {
    let mut chars = word.chars();
    matches!(chars.next(), Some('x' | 'y'))
        && chars.clone().next().is_some()
        && chars.all(|c| c.is_ascii_digit())
}

#[test]
fn resnet_uses_the_branching_dsl() {
    let Some(mlperf) = Mlperf::locate("resnet_uses_the_branching_dsl") else {
        return;
    };
    let imported = tinyml_cli::import(
        &mlperf.read("ic/pretrainedResnet.tflite"),
        "pretrainedResnet.tflite",
        "Ic",
    )
    .expect("imports");
    let src = &imported.source;
    for expected in [
        "        -> conv2d(16, 3x3, padding = same) -> relu as x0;",
        "    x0 -> conv2d(16, 3x3, padding = same) -> relu",
        "       -> conv2d(16, 3x3, padding = same) as y0;",
        "    add(x0, y0) -> relu as x1;",
        "    x1 -> conv2d(32, 1x1, stride = 2) as y2;",
        "    add(y2, y1) -> relu as x2;",
        "    add(y4, y3) -> relu",
        "-> softmax;",
    ] {
        assert!(src.contains(expected), "missing {expected:?} in\n{src}");
    }
}

#[test]
fn cli_import_writes_the_same_files() {
    let Some(mlperf) = Mlperf::locate("cli_import_writes_the_same_files") else {
        return;
    };
    let tmp = TempDir::new("import");
    for (bench, rel, name) in FLOAT_MODELS {
        let out = tmp.path().join(bench);
        let path = mlperf.path(rel);
        let result = tinyml(&[
            OsStr::new("import"),
            path.as_os_str(),
            "--name".as_ref(),
            name.as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
        ]);
        let stdout = String::from_utf8_lossy(&result.stdout);
        assert!(
            result.status.success(),
            "{rel}: {}",
            String::from_utf8_lossy(&result.stderr)
        );
        assert!(stdout.contains("mod.rs"), "{stdout}");
        let file = rel.rsplit('/').next().unwrap_or(rel);
        let imported = tinyml_cli::import(&mlperf.read(rel), file, name).expect("imports");
        assert_eq!(
            std::fs::read_to_string(out.join("mod.rs")).expect("mod.rs"),
            imported.source
        );
        assert!(std::fs::read(out.join("weights.bin")).expect("weights.bin") == imported.weights);
        let mut entries: Vec<String> = std::fs::read_dir(&out)
            .expect("out dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        entries.sort();
        assert_eq!(
            entries,
            ["mod.rs", "weights.bin"],
            "{rel}: no temporary files left"
        );
        // Importing again over the existing directory works too.
        let again = tinyml(&[
            OsStr::new("import"),
            path.as_os_str(),
            "--name".as_ref(),
            name.as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
        ]);
        assert!(again.status.success());
    }
}

#[test]
fn quantized_models_are_refused_and_nothing_is_written() {
    let Some(mlperf) = Mlperf::locate("quantized_models_are_refused_and_nothing_is_written") else {
        return;
    };
    let tmp = TempDir::new("int8");
    // An existing output directory keeps its files untouched.
    let existing = tmp.path().join("existing");
    std::fs::create_dir_all(&existing).expect("mkdir");
    std::fs::write(existing.join("mod.rs"), "// mine\n").expect("write");
    for rel in QUANTIZED_MODELS {
        let path = mlperf.path(rel);
        let fresh = tmp.path().join("fresh");
        for out in [&fresh, &existing] {
            let result = tinyml(&[
                OsStr::new("import"),
                path.as_os_str(),
                "--name".as_ref(),
                "M".as_ref(),
                "--out".as_ref(),
                out.as_os_str(),
            ]);
            let stderr = String::from_utf8_lossy(&result.stderr);
            assert_eq!(result.status.code(), Some(1), "{rel}: {stderr}");
            assert!(
                stderr.contains("int8 models are not supported yet (issue 4)"),
                "{rel}: {stderr}"
            );
        }
        assert!(!fresh.exists(), "{rel}: nothing may be written");
        assert_eq!(
            std::fs::read_to_string(existing.join("mod.rs")).expect("mod.rs"),
            "// mine\n"
        );
        assert!(!existing.join("weights.bin").exists());
        assert_eq!(
            std::fs::read_dir(tmp.path()).expect("tmp").count(),
            1,
            "no temporary directories left"
        );
    }
}

#[test]
fn inspect_all_models() {
    let Some(mlperf) = Mlperf::locate("inspect_all_models") else {
        return;
    };
    for rel in all_models() {
        let path = mlperf.path(rel);
        let result = tinyml(&[OsStr::new("inspect"), path.as_os_str()]);
        let stdout = String::from_utf8_lossy(&result.stdout);
        assert!(
            result.status.success(),
            "{rel}: {}",
            String::from_utf8_lossy(&result.stderr)
        );
        let bytes = mlperf.read(rel);
        let model = tinyml_cli::tflite::Model::parse(&bytes).expect("parses");
        let totals = tinyml_cli::inspect::totals(&model);
        assert!(
            stdout.contains(&format!(
                "total: {} ops, {} parameters",
                model.operators.len(),
                tinyml_cli::inspect::thousands(totals.params)
            )),
            "{rel}:\n{stdout}"
        );
        // One table row per operator.
        for op in &model.operators {
            assert!(
                stdout.lines().any(|l| l
                    .trim_start()
                    .starts_with(&format!("{}  {}", op.index, op.name))),
                "{rel}: no row for operator {}\n{stdout}",
                op.index
            );
        }
        let float = FLOAT_MODELS.iter().any(|m| m.1 == rel);
        if float {
            assert!(
                stdout.contains("tinyml import: supported"),
                "{rel}:\n{stdout}"
            );
        } else {
            assert!(
                stdout.contains("int8 models are not supported yet (issue 4)"),
                "{rel}:\n{stdout}"
            );
            assert!(
                stdout.contains(" zp=") || rel.contains("float32"),
                "{rel}: quantization shown\n{stdout}"
            );
        }
    }
}

#[test]
fn known_totals() {
    // Parameters and MACs by hand from the dumps; RAM by the planner's
    // chain rule (largest input + output of a layer, float32).
    let Some(mlperf) = Mlperf::locate("known_totals") else {
        return;
    };
    let cases = [
        // kws: conv 25*5*64*40, 4 x dw 25*5*64*9, 4 x pw 25*5*64*64, dense 12*64.
        (
            "kws/kws_ref_model_pure_f32.tflite",
            22_604,
            2_656_768,
            2 * 25 * 5 * 64 * 4,
        ),
        // ad: 640-128-128-128-128-8-128-128-128-128-640 dense layers.
        ("ad/ad01_fp32.tflite", 265_864, 264_192, (128 + 640) * 4),
    ];
    for (rel, params, macs, ram) in cases {
        let bytes = mlperf.read(rel);
        let model = tinyml_cli::tflite::Model::parse(&bytes).expect("parses");
        let totals = tinyml_cli::inspect::totals(&model);
        assert_eq!(
            (totals.params, totals.macs, totals.activation_ram),
            (params, macs, ram),
            "{rel}"
        );
    }
}
