//! Arbitrary bytes through everything `tinyml inspect` and `tinyml import`
//! do in memory: verify and read the flatbuffer, describe it, lower it to
//! layers and emit the source and weights. Any panic is a bug; errors are
//! the expected outcome for almost every input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(model) = tinyml_cli::tflite::Model::parse(data) {
        let _ = tinyml_cli::inspect::report(&model, "fuzz.tflite");
        if let Ok(graph) = tinyml_cli::graph::lower(&model) {
            let _ = tinyml_cli::emit::emit(&graph, "fuzz.tflite", "Fuzz");
        }
    }
    // The library entry point the CLI uses, end to end.
    let _ = tinyml_cli::import(data, "fuzz.tflite", "Fuzz");
});
