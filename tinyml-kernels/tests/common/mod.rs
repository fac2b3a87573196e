//! Shared by the tests on real models: locating the MLPerf Tiny material,
//! reading manifests, vectors and the quantization of `.tflite` tensors, and
//! running a whole `.tflite` with the runtime-shaped reference.

#![allow(dead_code, unreachable_pub)]

use std::collections::HashMap;
use std::env;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use tinyml_cli::tflite::{Activation, Model, OpKind, Operator, Options, Padding, Tensor};
use tinyml_kernels::int8::prepare::{self, FusedActivation, TensorQuant};
use tinyml_kernels::int8::reference::{self, ConvParams, FcParams, PoolParams};

/// The shared material's directory, or `None` (with a note) to skip.
pub fn mlperf_dir() -> Option<PathBuf> {
    if let Some(dir) = env::var_os("TINYML_MLPERF_DIR") {
        let dir = PathBuf::from(dir);
        assert!(
            dir.join("kws").is_dir(),
            "TINYML_MLPERF_DIR={} has no kws/ directory",
            dir.display()
        );
        return Some(dir);
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/mlperf-tiny");
    if dir.join("kws").is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "note: skipping the MLPerf Tiny bit-exactness tests: {} does not exist \
             (set TINYML_MLPERF_DIR to run them)",
            dir.display()
        );
        None
    }
}

pub fn read(path: &Path) -> Vec<u8> {
    fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

pub fn read_i8(path: &Path) -> Vec<i8> {
    read(path).into_iter().map(|b| b as i8).collect()
}

/// One benchmark's files.
pub struct Benchmark {
    /// `<root>/<benchmark>`.
    pub dir: PathBuf,
    /// `manifest.json`.
    pub manifest: Value,
    /// The int8 model's bytes.
    pub tflite: Vec<u8>,
}

impl Benchmark {
    pub fn load(root: &Path, name: &str) -> Self {
        let dir = root.join(name);
        let manifest: Value = serde_json::from_slice(&read(&dir.join("manifest.json")))
            .unwrap_or_else(|e| panic!("{name}/manifest.json: {e}"));
        let file = manifest["models"]["int8"]["file"]
            .as_str()
            .unwrap_or_else(|| panic!("{name}/manifest.json: no models.int8.file"));
        let tflite = read(&dir.join(file));
        Benchmark {
            dir,
            manifest,
            tflite,
        }
    }

    pub fn int8(&self) -> &Value {
        &self.manifest["models"]["int8"]
    }

    pub fn vectors_dir(&self) -> PathBuf {
        self.dir
            .join(self.int8()["vectors_dir"].as_str().unwrap_or("vectors"))
    }

    /// Tensor index → recorded contents for vector 00: the graph input and
    /// every operator output.
    pub fn recorded_00(&self, model: &Model<'_>) -> HashMap<usize, Vec<i8>> {
        let vectors = self.vectors_dir();
        let inter = &self.int8()["intermediates_for_vector_00"];
        let dir = vectors.join(inter["dir"].as_str().expect("intermediates dir"));
        let mut tensors = HashMap::new();
        for t in inter["tensors"].as_array().expect("intermediates tensors") {
            let index = t["tensor"].as_u64().expect("tensor index") as usize;
            let file = t["file"].as_str().expect("tensor file");
            tensors.insert(index, read_i8(&dir.join(file)));
        }
        tensors.insert(model.inputs[0], read_i8(&vectors.join("input_00.bin")));
        tensors
    }

    /// `(input, expected output)` file pairs of every vector, the expected
    /// outputs from `expected_dir` (relative to the vectors directory)
    /// where it has the file.
    pub fn vectors(&self, expected_dir: Option<&str>) -> Vec<(PathBuf, PathBuf)> {
        let vectors = self.vectors_dir();
        let list = self.int8()["vectors"].as_array().expect("vectors");
        list.iter()
            .map(|v| {
                let input = vectors.join(v["input"].as_str().expect("vector input"));
                let output = v["output"].as_str().expect("vector output");
                let expected = match expected_dir {
                    Some(d) if vectors.join(d).join(output).exists() => {
                        vectors.join(d).join(output)
                    }
                    _ => vectors.join(output),
                };
                (input, expected)
            })
            .collect()
    }
}

pub fn quant(t: &Tensor<'_>) -> TensorQuant {
    let q = t.quantization.as_ref().expect("a quantized tensor");
    TensorQuant {
        scale: q.scale[0],
        zero_point: q.zero_point.first().copied().unwrap_or(0) as i32,
    }
}

pub fn activation(a: Activation) -> FusedActivation {
    match a {
        Activation::None => FusedActivation::None,
        Activation::Relu => FusedActivation::Relu,
        Activation::Relu6 => FusedActivation::Relu6,
        Activation::ReluN1To1 => FusedActivation::ReluN1To1,
        other => panic!("unsupported fused activation {other}"),
    }
}

pub fn shape4(t: &Tensor<'_>) -> [usize; 4] {
    t.shape.as_slice().try_into().expect("a 4-D tensor")
}

pub fn const_i8(t: &Tensor<'_>) -> Vec<i8> {
    t.data
        .expect("constant weights")
        .iter()
        .map(|&b| b as i8)
        .collect()
}

pub fn const_i32(t: &Tensor<'_>) -> Vec<i32> {
    let data = t.data.expect("constant bias");
    data.chunks_exact(4)
        .map(|b| i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}
/// TensorFlow Lite's single-rounding requantization
/// (`TFLITE_SINGLE_ROUNDING`): `(x · m + 2^(n−1)) >> n`, `n = 31 − shift`.
pub fn single_rounding(x: i32, multiplier: i32, shift: i32) -> i32 {
    let total_shift = 31 - shift;
    let round = 1i64 << (total_shift - 1);
    ((i64::from(x) * i64::from(multiplier) + round) >> total_shift) as i32
}

/// How `FULLY_CONNECTED` requantizes.
#[derive(Clone, Copy, PartialEq)]
pub enum FcRounding {
    /// TFLM: double rounding.
    Tflm,
    /// TensorFlow Lite's reference kernel in the recording runtime.
    Single,
}

/// Runs one operator with the reference, given its input tensors' values.
pub fn run_op(
    model: &Model<'_>,
    op: &Operator,
    value: &dyn Fn(usize) -> Vec<i8>,
    fc: FcRounding,
) -> Vec<i8> {
    let t = |i: usize| &model.tensors[op.input(i).expect("operator input")];
    let out_t = &model.tensors[op.outputs[0]];
    let out_len = out_t.elements().expect("output size");
    let mut out = vec![0i8; out_len];
    let input = value(op.input(0).expect("operator input"));
    match (&op.kind, &op.options) {
        (OpKind::Conv2d, Options::Conv2d(o))
        | (OpKind::DepthwiseConv2d, Options::DepthwiseConv2d { conv: o, .. }) => {
            let (x, w, out_q) = (t(0), t(1), quant(out_t));
            let in_q = quant(x);
            let w_scales = &w.quantization.as_ref().expect("filter quantization").scale;
            let depthwise = op.kind == OpKind::DepthwiseConv2d;
            let oc = if depthwise { w.shape[3] } else { w.shape[0] };
            let (multipliers, shifts): (Vec<i32>, Vec<i32>) = (0..oc)
                .map(|c| {
                    prepare::conv_multiplier(
                        in_q.scale,
                        w_scales[if w_scales.len() == 1 { 0 } else { c }],
                        out_q.scale,
                    )
                })
                .unzip();
            let cq =
                prepare::conv_quant(in_q, out_q, activation(o.activation)).expect("conv prepare");
            let [_, ih, iw, ic] = shape4(x);
            let [_, kh, kw, _] = shape4(w);
            let same = o.padding == Padding::Same;
            let (dh, dw) = (o.dilation_h as usize, o.dilation_w as usize);
            let (sh, sw) = (o.stride_h as usize, o.stride_w as usize);
            let (_, pad_h) = reference::compute_padding(same, sh, dh, ih, kh);
            let (_, pad_w) = reference::compute_padding(same, sw, dw, iw, kw);
            let p = ConvParams {
                stride_h: sh,
                stride_w: sw,
                dilation_h: dh,
                dilation_w: dw,
                pad_h,
                pad_w,
                input_offset: cq.input_offset,
                output_offset: cq.output_offset,
                act_min: cq.act_min.into(),
                act_max: cq.act_max.into(),
                depth_multiplier: oc / ic,
            };
            let bias = op.input(2).map(|b| const_i32(&model.tensors[b]));
            let run = if depthwise {
                reference::depthwise_conv_per_channel
            } else {
                reference::conv_per_channel
            };
            run(
                &p,
                &multipliers,
                &shifts,
                &input,
                shape4(x),
                &const_i8(w),
                shape4(w),
                bias.as_deref(),
                &mut out,
                shape4(out_t),
            );
        }
        (OpKind::FullyConnected, Options::FullyConnected { activation: a, .. }) => {
            let (x, w, out_q) = (t(0), t(1), quant(out_t));
            let in_q = quant(x);
            let w_scales = &w.quantization.as_ref().expect("filter quantization").scale;
            let (multipliers, shifts): (Vec<i32>, Vec<i32>) = if w_scales.len() == 1 {
                let (m, s) = prepare::dense_multiplier(in_q.scale, w_scales[0], out_q.scale);
                (vec![m], vec![s])
            } else {
                w_scales
                    .iter()
                    .map(|&ws| prepare::conv_multiplier(in_q.scale, ws, out_q.scale))
                    .unzip()
            };
            let dq = prepare::dense_quant(out_q, activation(*a)).expect("dense prepare");
            let p = FcParams {
                input_offset: -in_q.zero_point,
                output_offset: dq.output_offset,
                act_min: dq.act_min.into(),
                act_max: dq.act_max.into(),
            };
            let bias = op.input(2).map(|b| const_i32(&model.tensors[b]));
            let requant: Option<&dyn Fn(i32, i32, i32) -> i32> = if fc == FcRounding::Single {
                Some(&single_rounding)
            } else {
                None
            };
            reference::fully_connected(
                &p,
                &multipliers,
                &shifts,
                &input,
                &const_i8(w),
                bias.as_deref(),
                &mut out,
                w.shape[0],
                requant,
            );
        }
        (
            OpKind::AveragePool2d | OpKind::MaxPool2d,
            Options::Pool {
                padding,
                stride_h,
                stride_w,
                filter_h,
                filter_w,
                activation: a,
            },
        ) => {
            let x = t(0);
            let pq = prepare::pool_quant(quant(out_t), activation(*a)).expect("pool prepare");
            let [_, ih, iw, _] = shape4(x);
            let same = *padding == Padding::Same;
            let (sh, sw, fh, fw) = (
                *stride_h as usize,
                *stride_w as usize,
                *filter_h as usize,
                *filter_w as usize,
            );
            let p = PoolParams {
                stride_h: sh,
                stride_w: sw,
                filter_h: fh,
                filter_w: fw,
                pad_h: reference::compute_padding(same, sh, 1, ih, fh).1,
                pad_w: reference::compute_padding(same, sw, 1, iw, fw).1,
                act_min: pq.act_min.into(),
                act_max: pq.act_max.into(),
            };
            reference::pool(
                &p,
                op.kind == OpKind::AveragePool2d,
                &input,
                shape4(x),
                &mut out,
                shape4(out_t),
            );
        }
        (OpKind::Add, Options::Add { activation: a }) => {
            let rhs = value(op.input(1).expect("second ADD input"));
            let aq = prepare::add(quant(t(0)), quant(t(1)), quant(out_t), activation(*a))
                .expect("add prepare");
            reference::add(&aq, &input, &rhs, &mut out);
        }
        (OpKind::Softmax, Options::Softmax { beta }) => {
            let sq = prepare::softmax(*beta, quant(t(0)), quant(out_t)).expect("softmax prepare");
            let depth = *t(0).shape.last().expect("softmax input shape");
            reference::softmax(&sq, &input, depth, &mut out);
        }
        (OpKind::Reshape, _) => out.copy_from_slice(&input),
        (kind, options) => panic!(
            "operator {} ({kind:?}, {options:?}) is not supported",
            op.index
        ),
    }
    out
}

/// Runs the whole model on `input` with the reference.
pub fn run_model(model: &Model<'_>, input: Vec<i8>, fc: FcRounding) -> Vec<i8> {
    let mut values: HashMap<usize, Vec<i8>> = HashMap::new();
    values.insert(model.inputs[0], input);
    for op in &model.operators {
        let out = run_op(model, op, &|i| values[&i].clone(), fc);
        values.insert(op.outputs[0], out);
    }
    values.remove(&model.outputs[0]).expect("the graph output")
}
