//! The four MLPerf Tiny float models, imported by `tinyml import` and
//! compiled by `tiny_model!`, against the reference vectors within 1e-4.

#[cfg(mlperf)]
mod conformance {
    use std::path::Path;

    use mlperf_conformance::models::{AdF32, IcF32, KwsF32, VwwF32};
    use mlperf_conformance::{f32s, vectors};

    const TOLERANCE: f32 = 1e-4;

    macro_rules! check {
        ($model:ty, $dir:literal) => {{
            let dir = Path::new(env!("TINYML_MLPERF_VECTORS")).join($dir);
            let mut model = <$model>::new();
            let mut worst = 0.0f32;
            let vectors = vectors(&dir);
            for (name, input, output) in &vectors {
                let input: [f32; <$model>::INPUT_LEN] = f32s(input)
                    .try_into()
                    .unwrap_or_else(|_| panic!("{} input_{name} has the wrong length", $dir));
                let expected = f32s(output);
                assert_eq!(
                    expected.len(),
                    <$model>::OUTPUT_LEN,
                    "{} output_{name}",
                    $dir
                );
                let ours = model.predict(&input);
                for (a, b) in ours.iter().zip(&expected) {
                    worst = worst.max((a - b).abs());
                }
            }
            println!(
                "{}: {} vectors, largest |error| {worst:e}",
                $dir,
                vectors.len()
            );
            assert!(
                worst <= TOLERANCE,
                "{}: largest error {worst} > {TOLERANCE}",
                $dir
            );
        }};
    }

    #[test]
    fn kws() {
        check!(KwsF32, "kws/vectors_float_derived");
    }

    #[test]
    fn vww() {
        check!(VwwF32, "vww/vectors_float");
    }

    #[test]
    fn ic() {
        check!(IcF32, "ic/vectors_float");
    }

    #[test]
    fn ad() {
        check!(AdF32, "ad/vectors_float");
    }
}

#[cfg(not(mlperf))]
#[test]
fn skipped_without_models() {
    println!("MLPerf Tiny models not found: set TINYML_MLPERF_DIR to run the conformance tests");
}

/// `tinyml inspect` prints exactly the `RAM_BYTES` of the generated models,
/// float and int8.
#[cfg(mlperf)]
#[test]
fn inspect_ram_is_ram_bytes() {
    use mlperf_conformance::inspect_ram;
    use mlperf_conformance::models::*;
    let planned = [
        ("kws f32", KwsF32::RAM_BYTES, inspect_ram::KWS_F32),
        ("vww f32", VwwF32::RAM_BYTES, inspect_ram::VWW_F32),
        ("ic f32", IcF32::RAM_BYTES, inspect_ram::IC_F32),
        ("ad f32", AdF32::RAM_BYTES, inspect_ram::AD_F32),
        ("kws int8", KwsInt8::RAM_BYTES, inspect_ram::KWS_INT8),
        ("vww int8", VwwInt8::RAM_BYTES, inspect_ram::VWW_INT8),
        ("ic int8", IcInt8::RAM_BYTES, inspect_ram::IC_INT8),
        ("ad int8", AdInt8::RAM_BYTES, inspect_ram::AD_INT8),
    ];
    for (name, ours, inspected) in planned {
        println!("{name}: RAM_BYTES {ours}, inspect prints {inspected}");
    }
    for (name, ours, inspected) in planned {
        assert_eq!(ours as u64, inspected, "{name}");
    }
}
