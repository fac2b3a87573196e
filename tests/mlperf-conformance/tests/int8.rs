//! The four MLPerf Tiny int8 models, imported by `tinyml import` and
//! compiled by `tiny_model!`, byte for byte against TensorFlow Lite Micro's
//! outputs on every reference vector (`ad`: `vectors/tflm/`, where TFLM's
//! FULLY_CONNECTED rounding differs from TFLite's).

#[cfg(mlperf)]
mod conformance {
    use std::path::Path;

    use mlperf_conformance::models::{AdInt8, IcInt8, KwsInt8, VwwInt8};

    macro_rules! check {
        ($model:ty, $inputs:literal, $outputs:literal) => {{
            let root = Path::new(env!("TINYML_MLPERF_VECTORS"));
            let inputs = mlperf_conformance::files(&root.join($inputs), "input");
            let expected = mlperf_conformance::files(&root.join($outputs), "output");
            assert_eq!(
                inputs.len(),
                expected.len(),
                "{} and {} differ in count",
                $inputs,
                $outputs
            );
            let mut model = <$model>::new();
            let mut differing = Vec::new();
            for ((name, input), (_, output)) in inputs.iter().zip(&expected) {
                let input: [i8; <$model>::INPUT_LEN] = core::array::from_fn(|i| input[i] as i8);
                assert_eq!(
                    output.len(),
                    <$model>::OUTPUT_LEN,
                    "{} output_{name}",
                    $outputs
                );
                let ours = model.predict(&input);
                if ours.iter().zip(output).any(|(&a, &b)| a != b as i8) {
                    differing.push(name.clone());
                }
            }
            println!(
                "{}: {}/{} vectors identical",
                $outputs,
                expected.len() - differing.len(),
                expected.len()
            );
            assert!(
                differing.is_empty(),
                "{}: vectors {differing:?} differ",
                $outputs
            );
        }};
    }

    #[test]
    fn kws() {
        check!(KwsInt8, "kws/vectors", "kws/vectors");
    }

    #[test]
    fn vww() {
        check!(VwwInt8, "vww/vectors", "vww/vectors");
    }

    #[test]
    fn ic() {
        check!(IcInt8, "ic/vectors", "ic/vectors");
    }

    #[test]
    fn ad_matches_tflm() {
        check!(AdInt8, "ad/vectors", "ad/vectors/tflm");
    }
}

#[cfg(not(mlperf))]
#[test]
fn skipped_without_models() {
    println!("MLPerf Tiny models not found: set TINYML_MLPERF_DIR to run the conformance tests");
}
