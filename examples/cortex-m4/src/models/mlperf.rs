//! The MLPerf Tiny int8 models (KWS, VWW, IC, AD), imported at build time
//! from `TINYML_MLPERF_DIR` by `build.rs` (`tinyml import`'s library), each
//! with its reference vectors and TFLM's outputs. Only with `cfg(mlperf)`:
//! without the MLPerf folder the firmware is built without them.

include!(concat!(env!("OUT_DIR"), "/mlperf.rs"));
