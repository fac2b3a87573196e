//! `tinyml import` on the four MLPerf Tiny int8 reference models.
//!
//! The expectations come from the TFLite interpreter's dumps beside the
//! models (`ops.json`): every emitted line's shape comment is the shape
//! TFLite gives that operator's output, every fused activation appears, and
//! every record of the written `weights.tmw` (decoded with
//! `tinyml_format`) has the dump's kind, activation, output scale and zero
//! point, filter shape, scales and zero points, and exactly the model's
//! weight bytes and bias values.

mod common;

use std::collections::HashSet;

use serde_json::Value;
use tinyml_format::{Activation, Kind, Quant, WeightsFile};

use common::{INT8_MODELS, Mlperf, check_int8_records, dsl_word, shape_text};

/// The `ops.json` dump of an int8 model.
struct Dump(Value);

impl Dump {
    fn ops(&self) -> &[Value] {
        self.0["ops"].as_array().expect("ops")
    }

    fn tensor(&self, t: &Value) -> &Value {
        let t = t.as_u64().expect("a tensor index") as usize;
        let tensor = &self.0["tensors"][t];
        assert_eq!(tensor["index"].as_u64(), Some(t as u64));
        tensor
    }

    /// The tensor's shape without the batch dimension.
    fn shape(&self, t: &Value) -> Vec<usize> {
        let shape: Vec<usize> = self.tensor(t)["shape"]
            .as_array()
            .expect("shape")
            .iter()
            .map(|d| d.as_u64().expect("dim") as usize)
            .collect();
        shape[1..].to_vec()
    }

    /// An activation tensor's quantization (one scale, one zero point).
    fn quant(&self, t: &Value) -> Quant {
        let q = &self.tensor(t)["quant"];
        assert_eq!(q["per_channel"], Value::Bool(false), "{t}: per tensor");
        assert_eq!(q["scale"].as_array().map(Vec::len), Some(1), "{t}");
        Quant {
            scale: q["scale"][0].as_f64().expect("scale") as f32,
            zero_point: q["zero_point"][0].as_i64().expect("zero point") as i32,
        }
    }
}

/// `fusedActivationFunction=…` of an op's options string.
fn fused(op: &Value) -> Activation {
    let options = op["options"].as_str().unwrap_or("");
    match options
        .split_whitespace()
        .find_map(|w| w.strip_prefix("fusedActivationFunction="))
    {
        None | Some("NONE") => Activation::None,
        Some("RELU") => Activation::Relu,
        Some("RELU6") => Activation::Relu6,
        Some(other) => panic!("unexpected fused {other}"),
    }
}

#[test]
fn int8_models_import() {
    let Some(mlperf) = Mlperf::locate("int8_models_import") else {
        return;
    };
    let mut summary = Vec::new();
    for (bench, rel, name) in INT8_MODELS {
        let bytes = mlperf.read(rel);
        let file_name = rel.rsplit('/').next().unwrap_or(rel);
        let imported =
            tinyml_cli::import(&bytes, file_name, name).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let text = std::fs::read_to_string(mlperf.path(&format!("{bench}/ops.json")))
            .expect("read ops.json");
        let dump = Dump(serde_json::from_str(&text).expect("ops.json is JSON"));
        let ops = dump.ops();
        let src = &imported.source;

        // The source: element type i8, the .tmw file, one line per operator.
        assert_eq!(imported.weights_file, "weights.tmw", "{rel}");
        let input = &dump.0["inputs"][0];
        let output = &dump.0["outputs"][0];
        assert!(
            src.contains(&format!(
                "    pub {name}: i8 = input{}\n",
                shape_text(&dump.shape(input))
            )),
            "{src}"
        );
        assert!(
            src.ends_with("    weights = include_bytes!(\"weights.tmw\");\n}\n"),
            "{src}"
        );
        let lines: Vec<&str> = src.lines().filter(|l| l.contains("  // [")).collect();
        assert_eq!(
            lines.len(),
            ops.len(),
            "{rel}: one line per operator\n{src}"
        );
        let mut fused_count = 0;
        for (line, op) in lines.iter().zip(ops) {
            let (code, comment) = line.split_once("  // ").expect("comment");
            let op_name = op["op"].as_str().expect("op name");
            assert_eq!(
                comment,
                shape_text(&dump.shape(&op["outputs"][0])),
                "{rel}: {line}"
            );
            assert!(
                code.contains(dsl_word(op_name)),
                "{rel}: {op_name} → {line}"
            );
            let code = code.trim_end_matches([';', ' ']);
            match fused(op) {
                Activation::Relu => {
                    fused_count += 1;
                    assert!(
                        code.contains("-> relu") && !code.contains("relu6"),
                        "{rel}: {line}"
                    );
                }
                Activation::Relu6 => {
                    fused_count += 1;
                    assert!(code.contains("-> relu6"), "{rel}: {line}");
                }
                Activation::None => assert!(!code.contains("relu"), "{rel}: {line}"),
            }
        }
        assert_eq!(imported.layers, ops.len() + fused_count, "{rel}");

        // The weights file against the dump.
        let file = WeightsFile::decode(&imported.weights).unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert_eq!(file.inputs[0], dump.quant(input), "{rel}: input");
        assert_eq!(file.outputs[0], dump.quant(output), "{rel}: output");
        let kernel_ops: Vec<&Value> = ops.iter().filter(|op| op["op"] != "RESHAPE").collect();
        assert_eq!(
            file.layers.len(),
            kernel_ops.len(),
            "{rel}: one record per op but RESHAPE"
        );
        let mut params = 0;
        let mut kinds = HashSet::new();
        for (op, record) in kernel_ops.iter().zip(&file.layers) {
            let at = format!("{rel}: operator {} ({})", op["index"], op["op"]);
            let op_name = op["op"].as_str().expect("op name");
            let kind = match op_name {
                "CONV_2D" => Kind::Conv2d,
                "DEPTHWISE_CONV_2D" => Kind::DepthwiseConv2d,
                "FULLY_CONNECTED" => Kind::Dense,
                "AVERAGE_POOL_2D" => Kind::AvgPool,
                "MAX_POOL_2D" => Kind::MaxPool,
                "ADD" => Kind::Add,
                "SOFTMAX" => Kind::Softmax,
                other => panic!("{at}: unexpected {other}"),
            };
            kinds.insert(kind.name());
            assert_eq!(record.kind, kind, "{at}");
            assert_eq!(record.activation, fused(op), "{at}");
            let out = &op["outputs"][0];
            assert_eq!(record.output, dump.quant(out), "{at}: output quantization");
            match kind {
                Kind::Softmax => {
                    assert_eq!(
                        record.output,
                        Quant {
                            scale: 1.0 / 256.0,
                            zero_point: -128
                        },
                        "{at}"
                    );
                    assert!(
                        op["options"]
                            .as_str()
                            .expect("options")
                            .contains("beta=1.0"),
                        "{at}"
                    );
                }
                Kind::AvgPool | Kind::MaxPool => {
                    assert_eq!(
                        dump.quant(&op["inputs"][0]),
                        record.output,
                        "{at}: keeps quantization"
                    );
                }
                _ => {}
            }
            let Some(p) = &record.params else {
                assert!(kind.params().is_none(), "{at}: params missing");
                continue;
            };
            assert!(kind.params().is_some(), "{at}");
            let w = dump.tensor(&op["inputs"][1]);
            assert_eq!(w["dtype"], "int8", "{at}");
            let dims: Vec<u32> = w["shape"]
                .as_array()
                .expect("shape")
                .iter()
                .map(|d| d.as_u64().expect("dim") as u32)
                .collect();
            assert_eq!(p.dims, dims, "{at}: dims");
            assert_eq!(
                w["const_bytes"].as_u64(),
                Some(p.weights.len() as u64),
                "{at}"
            );
            let wq = &w["quant"];
            let scales: Vec<f32> = wq["scale"]
                .as_array()
                .expect("scales")
                .iter()
                .map(|s| s.as_f64().expect("scale") as f32)
                .collect();
            assert_eq!(p.scales, scales, "{at}: scales");
            assert!(
                wq["zero_point"]
                    .as_array()
                    .expect("zero points")
                    .iter()
                    .all(|z| z == 0),
                "{at}: weight zero points"
            );
            let channels = p.channels(kind);
            if wq["per_channel"] == Value::Bool(true) {
                let axis = if kind == Kind::DepthwiseConv2d { 3 } else { 0 };
                assert_eq!(wq["quantized_dimension"].as_u64(), Some(axis), "{at}");
                assert_eq!(p.scales.len(), channels, "{at}: one scale per channel");
            } else {
                assert_eq!(p.scales.len(), 1, "{at}: per-tensor");
            }
            let bias = dump.tensor(&op["inputs"][2]);
            assert_eq!(bias["dtype"], "int32", "{at}");
            assert_eq!(
                bias["const_bytes"].as_u64(),
                Some(4 * channels as u64),
                "{at}"
            );
            assert_eq!(p.bias.len(), channels, "{at}");
            // The bias scale is input scale × weight scale.
            let in_scale = f64::from(dump.quant(&op["inputs"][0]).scale);
            for (i, s) in bias["quant"]["scale"]
                .as_array()
                .expect("bias scales")
                .iter()
                .enumerate()
            {
                let expected =
                    in_scale * f64::from(p.scales[if p.scales.len() == 1 { 0 } else { i }]);
                let s = s.as_f64().expect("scale");
                assert!(
                    (s - expected).abs() <= 1e-6 * expected,
                    "{at}: bias scale {i}: {s} vs {expected}"
                );
            }
            params += p.weights.len() + p.bias.len();
        }
        assert_eq!(imported.parameters, params, "{rel}");
        // Weight bytes and bias values against the model's buffers.
        let model = tinyml_cli::tflite::Model::parse(&bytes).expect("parses");
        check_int8_records(rel, &model, &file);
        assert_eq!(file.encode(), imported.weights, "{rel}: canonical encoding");

        let mut kinds: Vec<_> = kinds.into_iter().collect();
        kinds.sort_unstable();
        summary.push(format!(
            "{bench}: {} operators -> {} layers, {} records ({}), {params} parameters, {} bytes",
            ops.len(),
            imported.layers,
            file.layers.len(),
            kinds.join(" "),
            imported.weights.len()
        ));
    }
    eprintln!("{}", summary.join("\n"));
}

#[test]
fn int8_resnet_uses_the_branching_dsl() {
    let Some(mlperf) = Mlperf::locate("int8_resnet_uses_the_branching_dsl") else {
        return;
    };
    let imported = tinyml_cli::import(
        &mlperf.read("ic/pretrainedResnet_quant.tflite"),
        "pretrainedResnet_quant.tflite",
        "Ic",
    )
    .expect("imports");
    let src = &imported.source;
    for expected in [
        "    pub Ic: i8 = input[32, 32, 3]\n",
        "        -> conv2d(16, 3x3, padding = same) -> relu as x0;",
        "    add(x0, y0) -> relu as x1;",
        "    x1 -> conv2d(32, 1x1, stride = 2) as y2;",
        "    add(y2, y1) -> relu as x2;",
        "    add(y4, y3) -> relu",
        "-> avg_pool(8x8)",
        "-> softmax;",
    ] {
        assert!(src.contains(expected), "missing {expected:?} in\n{src}");
    }
}

#[test]
fn kws_reads_like_the_float_model() {
    let Some(mlperf) = Mlperf::locate("kws_reads_like_the_float_model") else {
        return;
    };
    let int8 = tinyml_cli::import(
        &mlperf.read("kws/kws_ref_model.tflite"),
        "kws.tflite",
        "Kws",
    )
    .expect("imports");
    let float = tinyml_cli::import(
        &mlperf.read("kws/kws_ref_model_pure_f32.tflite"),
        "kws.tflite",
        "Kws",
    )
    .expect("imports");
    assert!(
        int8.source
            .contains("    pub Kws: i8 = input[49, 10, 1]\n        -> conv2d(64, 10x4, stride = 2, padding = same) -> relu"),
        "{}",
        int8.source
    );
    // The same layer lines, only the element type and the weights file differ.
    let layers = |src: &str| -> Vec<String> {
        src.lines()
            .filter(|l| l.contains("  // ["))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(layers(&int8.source), layers(&float.source));
    assert_eq!(int8.parameters, float.parameters);
}
