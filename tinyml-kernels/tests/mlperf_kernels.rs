//! The const-generic `int8` kernels themselves (not the reference) on two
//! whole MLPerf Tiny models, every recorded vector, byte for byte: `kws`
//! (conv, depthwise, average pool, dense, softmax) and `ic` (conv with
//! strides and 1x1 shortcuts, add).
//!
//! Shapes are written out per layer, as the `tiny_model!` macro would emit
//! them; weights, biases and quantization come from the `.tflite` at run
//! time and go through `int8::prepare` exactly as the macro's expansion
//! does at compile time: folded biases, per-channel multipliers, clamps.
//! The material's location follows `tests/mlperf_layers.rs`.

mod common;

use common::{Benchmark, activation, const_i8, const_i32, mlperf_dir, quant, read_i8};
use tinyml_cli::tflite::{Model, Operator, Options};
use tinyml_kernels::broadcast::Broadcast;
use tinyml_kernels::int8::add::add;
use tinyml_kernels::int8::conv::{ConvQuant, conv2d_per_channel, depthwise_conv2d_per_channel};
use tinyml_kernels::int8::fully_connected::dense;
use tinyml_kernels::int8::pooling::avg_pool;
use tinyml_kernels::int8::prepare;
use tinyml_kernels::int8::softmax::softmax;

fn arr<T, const N: usize>(v: &[T]) -> &[T; N] {
    v.try_into()
        .unwrap_or_else(|_| panic!("expected {N} values, got {}", v.len()))
}

/// What the macro computes at compile time for a convolution.
struct ConvLayer {
    weights: Vec<i8>,
    folded_bias: Vec<i32>,
    multipliers: Vec<i32>,
    shifts: Vec<i32>,
    quant: ConvQuant,
}

fn conv_layer(model: &Model<'_>, op: &Operator, depthwise: bool) -> ConvLayer {
    let t = |i: usize| &model.tensors[op.input(i).expect("operator input")];
    let (x, w, out) = (t(0), t(1), &model.tensors[op.outputs[0]]);
    let conv = match &op.options {
        Options::Conv2d(o) | Options::DepthwiseConv2d { conv: o, .. } => o,
        other => panic!("op {} is not a convolution: {other:?}", op.index),
    };
    let (in_q, out_q) = (quant(x), quant(out));
    let scales = &w.quantization.as_ref().expect("filter quantization").scale;
    let channels = if depthwise { w.shape[3] } else { w.shape[0] };
    let (multipliers, shifts) = (0..channels)
        .map(|c| prepare::conv_multiplier(in_q.scale, scales[c.min(scales.len() - 1)], out_q.scale))
        .unzip();
    let weights = const_i8(w);
    let bias = op
        .input(2)
        .map(|b| const_i32(&model.tensors[b]))
        .unwrap_or_default();
    let mut folded_bias = vec![0; channels];
    if depthwise {
        prepare::fold_bias_depthwise(&bias, &weights, in_q.zero_point, &mut folded_bias);
    } else {
        prepare::fold_bias_rows(&bias, &weights, in_q.zero_point, &mut folded_bias);
    }
    let quant =
        prepare::conv_quant(in_q, out_q, activation(conv.activation)).expect("conv prepare");
    ConvLayer {
        weights,
        folded_bias,
        multipliers,
        shifts,
        quant,
    }
}

/// Regular convolution of op `$op`: input `[$ih][$iw][$ic]`, output
/// `[$oh][$ow][$oc]`, kernel, stride, padding before.
macro_rules! conv {
    ($model:expr, $op:expr, $input:expr, [$ih:literal, $iw:literal, $ic:literal] ->
     [$oh:literal, $ow:literal, $oc:literal], k [$kh:literal, $kw:literal],
     s [$sh:literal, $sw:literal], pad [$pt:literal, $pl:literal]) => {{
        let op = &$model.operators[$op];
        assert_eq!(
            $model.tensors[op.outputs[0]].shape,
            [1, $oh, $ow, $oc],
            "op {}",
            $op
        );
        let l = conv_layer(&$model, op, false);
        let mut out = vec![0i8; $oh * $ow * $oc];
        conv2d_per_channel::<
            $ih,
            $iw,
            $ic,
            $oh,
            $ow,
            $oc,
            $kh,
            $kw,
            $sh,
            $sw,
            $pt,
            $pl,
            { $ih * $iw * $ic },
            { $oh * $ow * $oc },
            { $oc * $kh * $kw * $ic },
        >(
            arr(&$input),
            arr(&l.weights),
            arr(&l.folded_bias),
            arr(&l.multipliers),
            arr(&l.shifts),
            arr_mut(&mut out),
            l.quant,
        );
        out
    }};
}

/// Depthwise convolution (multiplier 1) of op `$op` on `[$h][$w][$c]`,
/// shape-preserving (`same`, stride 1).
macro_rules! depthwise {
    ($model:expr, $op:expr, $input:expr, [$h:literal, $w:literal, $c:literal], k [$kh:literal, $kw:literal], pad [$pt:literal, $pl:literal]) => {{
        let op = &$model.operators[$op];
        assert_eq!(
            $model.tensors[op.outputs[0]].shape,
            [1, $h, $w, $c],
            "op {}",
            $op
        );
        let l = conv_layer(&$model, op, true);
        let mut out = vec![0i8; $h * $w * $c];
        depthwise_conv2d_per_channel::<
            $h,
            $w,
            $c,
            $h,
            $w,
            1,
            $kh,
            $kw,
            1,
            1,
            $pt,
            $pl,
            $c,
            { $h * $w * $c },
            { $h * $w * $c },
            { $kh * $kw * $c },
        >(
            arr(&$input),
            arr(&l.weights),
            arr(&l.folded_bias),
            arr(&l.multipliers),
            arr(&l.shifts),
            arr_mut(&mut out),
            l.quant,
        );
        out
    }};
}

fn arr_mut<T, const N: usize>(v: &mut [T]) -> &mut [T; N] {
    let len = v.len();
    v.try_into()
        .unwrap_or_else(|_| panic!("expected {N} values, got {len}"))
}

/// Average pool over the whole `[$h][$w][$c]` input, as both models end.
macro_rules! global_avg_pool {
    ($model:expr, $op:expr, $input:expr, [$h:literal, $w:literal, $c:literal]) => {{
        let op = &$model.operators[$op];
        let a = match &op.options {
            Options::Pool { activation: a, .. } => *a,
            other => panic!("op {} is not a pool: {other:?}", $op),
        };
        let q = prepare::pool_quant(quant(&$model.tensors[op.outputs[0]]), activation(a))
            .expect("pool prepare");
        let mut out = [0i8; $c];
        avg_pool::<$h, $w, $c, 1, 1, $h, $w, $h, $w, 0, 0, { $h * $w * $c }, $c>(
            arr(&$input),
            &mut out,
            q,
        );
        out
    }};
}

/// Dense with per-tensor weights, then softmax: both models' heads.
fn dense_softmax<const IN: usize, const UNITS: usize, const WN: usize>(
    model: &Model<'_>,
    dense_op: usize,
    input: &[i8; IN],
) -> [i8; UNITS] {
    let op = &model.operators[dense_op];
    let t = |i: usize| &model.tensors[op.input(i).expect("dense input")];
    let (x, w, out_t) = (t(0), t(1), &model.tensors[op.outputs[0]]);
    let Options::FullyConnected { activation: a, .. } = op.options else {
        panic!("op {dense_op} is not FULLY_CONNECTED");
    };
    let (in_q, out_q) = (quant(x), quant(out_t));
    let w_scale = w.quantization.as_ref().expect("filter quantization").scale[0];
    let (multiplier, shift) = prepare::dense_multiplier(in_q.scale, w_scale, out_q.scale);
    let weights = const_i8(w);
    let bias = const_i32(&model.tensors[op.input(2).expect("dense bias")]);
    let mut folded = [0i32; UNITS];
    prepare::fold_bias_rows(&bias, &weights, in_q.zero_point, &mut folded);
    let q = prepare::dense_quant(out_q, activation(a)).expect("dense prepare");
    let mut logits = [0i8; UNITS];
    dense::<IN, UNITS, WN>(
        input,
        arr(&weights),
        &folded,
        multiplier,
        shift,
        &mut logits,
        q,
    );

    let op = &model.operators[dense_op + 1];
    let Options::Softmax { beta } = op.options else {
        panic!("op {} is not SOFTMAX", dense_op + 1);
    };
    let sq = prepare::softmax(beta, out_q, quant(&model.tensors[op.outputs[0]]))
        .expect("softmax prepare");
    let mut probabilities = [0i8; UNITS];
    softmax(&logits, &mut probabilities, sq);
    probabilities
}

/// The ADD of op `$op` on two `[N]` tensors.
fn add_layer<const N: usize>(model: &Model<'_>, op: usize, x: &[i8], y: &[i8]) -> Vec<i8> {
    let op = &model.operators[op];
    let t = |i: usize| quant(&model.tensors[op.input(i).expect("add input")]);
    let Options::Add { activation: a } = op.options else {
        panic!("op {} is not ADD", op.index);
    };
    let q = prepare::add(
        t(0),
        t(1),
        quant(&model.tensors[op.outputs[0]]),
        activation(a),
    )
    .expect("add prepare");
    let mut out = vec![0i8; N];
    let same = Broadcast::new(&[N], &[N], &[N]).expect("same shapes");
    add::<N, N, N>(arr(x), arr(y), arr_mut(&mut out), &same, q);
    out
}

fn kws(model: &Model<'_>, input: &[i8]) -> [i8; 12] {
    let x = conv!(model, 0, input, [49, 10, 1] -> [25, 5, 64], k [10, 4], s [2, 2], pad [4, 1]);
    let x = depthwise!(model, 1, x, [25, 5, 64], k [3, 3], pad [1, 1]);
    let x = conv!(model, 2, x, [25, 5, 64] -> [25, 5, 64], k [1, 1], s [1, 1], pad [0, 0]);
    let x = depthwise!(model, 3, x, [25, 5, 64], k [3, 3], pad [1, 1]);
    let x = conv!(model, 4, x, [25, 5, 64] -> [25, 5, 64], k [1, 1], s [1, 1], pad [0, 0]);
    let x = depthwise!(model, 5, x, [25, 5, 64], k [3, 3], pad [1, 1]);
    let x = conv!(model, 6, x, [25, 5, 64] -> [25, 5, 64], k [1, 1], s [1, 1], pad [0, 0]);
    let x = depthwise!(model, 7, x, [25, 5, 64], k [3, 3], pad [1, 1]);
    let x = conv!(model, 8, x, [25, 5, 64] -> [25, 5, 64], k [1, 1], s [1, 1], pad [0, 0]);
    let x = global_avg_pool!(model, 9, x, [25, 5, 64]);
    // Op 10 is a RESHAPE: the same bytes.
    dense_softmax::<64, 12, 768>(model, 11, &x)
}

fn ic(model: &Model<'_>, input: &[i8]) -> [i8; 10] {
    let a = conv!(model, 0, input, [32, 32, 3] -> [32, 32, 16], k [3, 3], s [1, 1], pad [1, 1]);
    let x = conv!(model, 1, a, [32, 32, 16] -> [32, 32, 16], k [3, 3], s [1, 1], pad [1, 1]);
    let x = conv!(model, 2, x, [32, 32, 16] -> [32, 32, 16], k [3, 3], s [1, 1], pad [1, 1]);
    let b = add_layer::<16384>(model, 3, &a, &x);
    let x = conv!(model, 4, b, [32, 32, 16] -> [16, 16, 32], k [3, 3], s [2, 2], pad [0, 0]);
    let x = conv!(model, 5, x, [16, 16, 32] -> [16, 16, 32], k [3, 3], s [1, 1], pad [1, 1]);
    let shortcut = conv!(model, 6, b, [32, 32, 16] -> [16, 16, 32], k [1, 1], s [2, 2], pad [0, 0]);
    let c = add_layer::<8192>(model, 7, &shortcut, &x);
    let x = conv!(model, 8, c, [16, 16, 32] -> [8, 8, 64], k [3, 3], s [2, 2], pad [0, 0]);
    let x = conv!(model, 9, x, [8, 8, 64] -> [8, 8, 64], k [3, 3], s [1, 1], pad [1, 1]);
    let shortcut = conv!(model, 10, c, [16, 16, 32] -> [8, 8, 64], k [1, 1], s [2, 2], pad [0, 0]);
    let d = add_layer::<4096>(model, 11, &shortcut, &x);
    let x = global_avg_pool!(model, 12, d, [8, 8, 64]);
    // Op 13 is a RESHAPE.
    dense_softmax::<64, 10, 640>(model, 14, &x)
}

fn check_model(name: &str, run: impl Fn(&Model<'_>, &[i8]) -> Vec<i8>) {
    let Some(root) = mlperf_dir() else { return };
    let bench = Benchmark::load(&root, name);
    let model = Model::parse(&bench.tflite).expect("the model parses");
    let vectors = bench.vectors(None);
    for (input, expected) in &vectors {
        let got = run(&model, &read_i8(input));
        assert_eq!(got, read_i8(expected), "{name}: {}", input.display());
    }
    println!(
        "{name}: the const-generic kernels are bit-exact on {} vectors",
        vectors.len()
    );
}

#[test]
fn kws_kernels_bit_exact() {
    check_model("kws", |m, x| kws(m, x).to_vec());
}

#[test]
fn ic_kernels_bit_exact() {
    check_model("ic", |m, x| ic(m, x).to_vec());
}
