//! tinyml against tract (`tract-tflite`) and microflow 0.1.3 on the host, on
//! the same MLPerf Tiny `.tflite` model and the same reference input
//! (`input_00.bin`), all in one run so that their ratios compare like with
//! like. Before timing, each engine's output is compared with the reference
//! output (`CHECK` lines); an engine that cannot load a model prints an
//! `UNSUPPORTED` line with its error and is left out.
//!
//! `bash bench/host/run.sh` runs it and writes the table.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkGroup, Criterion, measurement::WallTime};

/// Prints the agreement of one engine's output with the reference output.
fn check(group: &str, engine: &str, deviation: impl std::fmt::Display, unit: &str) {
    println!("CHECK group={group} engine={engine} deviation={deviation} unit={unit}");
}

/// Prints why an engine does not run a model.
fn unsupported(group: &str, engine: &str, why: &str) {
    println!("UNSUPPORTED group={group} engine={engine} why={why}");
}

/// tract on an int8 model.
#[cfg(mlperf)]
fn tract_int8(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    path: &str,
    input: &[i8],
    expected: &[i8],
) {
    use tinyml_host_bench::{Input, Tract, error_chain, max_lsb};
    match Tract::load(path, Input::Int8(input)).and_then(|t| t.run_i8().map(|out| (t, out))) {
        Ok((tract, out)) => {
            check(name, "tract", max_lsb(&out, expected), "LSB");
            group.bench_function("tract", |b| {
                b.iter(|| black_box(tract.run().expect("ran once")))
            });
        }
        Err(e) => unsupported(name, "tract", &error_chain(&e)),
    }
}

/// tract on a float model.
#[cfg(mlperf)]
fn tract_f32(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    path: &str,
    input: &[f32],
    expected: &[f32],
) {
    use tinyml_host_bench::{Input, Tract, error_chain, max_abs};
    match Tract::load(path, Input::F32(input)).and_then(|t| t.run_f32().map(|out| (t, out))) {
        Ok((tract, out)) => {
            check(name, "tract", max_abs(&out, expected), "abs");
            group.bench_function("tract", |b| {
                b.iter(|| black_box(tract.run().expect("ran once")))
            });
        }
        Err(e) => unsupported(name, "tract", &error_chain(&e)),
    }
}

/// An int8 model: ours, tract, and microflow (`microflow:` converts the
/// input for it) or the reason it cannot (`no_microflow:`).
#[cfg(mlperf)]
macro_rules! int8 {
    (@common $c:ident, $m:ident, $name:literal) => {{
        use tinyml_host_bench::{$m as m, i8s, max_lsb, read};
        let input = i8s(&read(m::INPUT));
        let expected = i8s(&read(m::EXPECTED));
        let mut group = $c.benchmark_group($name);
        let mut ours = Box::new(m::Ours::new());
        let array: [i8; m::Ours::INPUT_LEN] = input.clone().try_into().expect("input length");
        check($name, "tinyml", max_lsb(ours.predict(&array), &expected), "LSB");
        group.bench_function("tinyml", |b| b.iter(|| *ours.predict(black_box(&array))));
        tract_int8(&mut group, $name, m::TFLITE, &input, &expected);
        (group, input, expected)
    }};
    ($c:ident, $m:ident, $name:literal, microflow: $convert:expr) => {{
        use tinyml_host_bench::{$m as m, max_lsb};
        let (mut group, input, expected) = int8!(@common $c, $m, $name);
        let mf_input = ($convert)(&input);
        let out = m::Microflow::predict_quantized(mf_input);
        let requantized = tinyml_host_bench::requantize(
            out.as_slice(),
            m::Ours::OUTPUT_SCALE,
            m::Ours::OUTPUT_ZERO_POINT,
        );
        check($name, "microflow", max_lsb(&requantized, &expected), "LSB");
        group.bench_function("microflow", |b| {
            b.iter(|| black_box(m::Microflow::predict_quantized(black_box(mf_input))))
        });
        group.finish();
    }};
    ($c:ident, $m:ident, $name:literal, no_microflow: $why:literal) => {{
        let (group, _, _) = int8!(@common $c, $m, $name);
        unsupported($name, "microflow", $why);
        group.finish();
    }};
}

/// A float model: ours and tract (microflow 0.1.3 runs int8 models only).
#[cfg(mlperf)]
macro_rules! f32_model {
    ($c:ident, $m:ident, $name:literal) => {{
        use tinyml_host_bench::{f32s, max_abs, read, $m as m};
        let input = f32s(&read(m::INPUT));
        let expected = f32s(&read(m::EXPECTED));
        let mut group = $c.benchmark_group($name);
        let mut ours = Box::new(m::Ours::new());
        let array: [f32; m::Ours::INPUT_LEN] = input.clone().try_into().expect("input length");
        check(
            $name,
            "tinyml",
            max_abs(ours.predict(&array), &expected),
            "abs",
        );
        group.bench_function("tinyml", |b| b.iter(|| *ours.predict(black_box(&array))));
        tract_f32(&mut group, $name, m::TFLITE, &input, &expected);
        unsupported(
            $name,
            "microflow",
            "microflow 0.1.3 compiles quantized int8 models only",
        );
        group.finish();
    }};
}

#[cfg(mlperf)]
fn benches(c: &mut Criterion) {
    use tinyml_host_bench::{microflow_input2, microflow_input4};
    int8!(c, kws_int8, "kws-int8", microflow: |x: &[i8]| microflow_input4::<49, 10, 1>(x));
    int8!(c, vww_int8, "vww-int8", microflow: |x: &[i8]| microflow_input4::<96, 96, 3>(x));
    int8!(c, ic_int8, "ic-int8", no_microflow: "microflow 0.1.3 has no ADD operator (the ResNet's skip connections), so its #[model] macro cannot compile this model");
    int8!(c, ad_int8, "ad-int8", microflow: |x: &[i8]| microflow_input2::<640>(x));
    tract_ad_first_layer();
    f32_model!(c, kws_f32, "kws-f32");
    f32_model!(c, vww_f32, "vww-f32");
    f32_model!(c, ic_f32, "ic-f32");
    f32_model!(c, ad_f32, "ad-f32");
}

/// Where tract's AD int8 output departs from TFLite's: the first
/// FULLY_CONNECTED + ReLU layer against TFLite's intermediate tensor
/// (`ad/vectors/intermediates_00/t021.bin`).
#[cfg(mlperf)]
fn tract_ad_first_layer() {
    use tinyml_host_bench::{ad_int8, error_chain, i8s, max_lsb, read, tract_node_i8};
    let input = i8s(&read(ad_int8::INPUT));
    let Some(dir) = std::path::Path::new(ad_int8::INPUT).parent() else {
        return;
    };
    let reference = dir.join("intermediates_00/t021.bin");
    let Ok(expected) = std::fs::read(&reference) else {
        return;
    };
    let expected = i8s(&expected);
    let node = "functional_1/activation/Relu;functional_1/dense/BiasAdd";
    match tract_node_i8(ad_int8::TFLITE, &input, node) {
        Ok(out) => {
            let show = |v: &[i8]| format!("{:?}", &v[..6.min(v.len())]);
            println!(
                "LAYER group=ad-int8 engine=tract layer=0 deviation={} tract={} tflite={}",
                max_lsb(&out, &expected),
                show(&out),
                show(&expected)
            );
        }
        Err(e) => println!(
            "LAYER group=ad-int8 engine=tract layer=0 error={}",
            error_chain(&e)
        ),
    }
}

#[cfg(not(mlperf))]
fn benches(_: &mut Criterion) {
    println!("no MLPerf Tiny models (TINYML_MLPERF_DIR): nothing to benchmark");
}

fn main() {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20)
        .configure_from_args();
    benches(&mut c);
    c.final_summary();
}
