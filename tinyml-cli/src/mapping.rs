//! Which TensorFlow Lite operators each `tiny_model!` layer is imported
//! from: one row per layer of the spec's table. The match has no wildcard,
//! so a layer added to `tinyml_spec` without a row here does not compile,
//! and the list of supported operators in error messages is built from it.

use tinyml_spec::Kind;

/// How a layer comes out of a `.tflite` file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Importable {
    /// From these TFLite operators.
    From(&'static [&'static str]),
    /// Not produced by the importer, and why.
    No(&'static str),
}

/// The TFLite operators that become `kind`.
pub fn imported_from(kind: Kind) -> Importable {
    match kind {
        Kind::Conv2d => Importable::From(&["CONV_2D"]),
        Kind::DepthwiseConv2d => Importable::From(&["DEPTHWISE_CONV_2D"]),
        Kind::Dense => Importable::From(&["FULLY_CONNECTED"]),
        Kind::Relu => Importable::From(&["RELU"]),
        Kind::Relu6 => Importable::From(&["RELU6"]),
        Kind::MaxPool => Importable::From(&["MAX_POOL_2D"]),
        Kind::AvgPool => Importable::From(&["AVERAGE_POOL_2D"]),
        Kind::GlobalAvgPool => Importable::No(
            "an AVERAGE_POOL_2D over the whole plane imports as `avg_pool`, and Keras' GlobalAveragePooling2D \
             (MEAN) as `mean`",
        ),
        Kind::Mean => Importable::No("MEAN is being wired into the importer"),
        Kind::Flatten | Kind::Reshape => Importable::From(&["RESHAPE"]),
        Kind::Softmax => Importable::From(&["SOFTMAX"]),
        Kind::Add => Importable::From(&["ADD"]),
    }
}

/// The operators `tinyml import` supports, for error messages.
pub fn supported_ops() -> String {
    let mut names: Vec<&str> = Vec::new();
    for &kind in Kind::ALL {
        if let Importable::From(ops) = imported_from(kind) {
            for op in ops {
                if !names.contains(op) {
                    names.push(op);
                }
            }
        }
    }
    format!(
        "{} (and QUANTIZE/DEQUANTIZE at the model's input/output, DEQUANTIZE of float16 constants)",
        names.join(", ")
    )
}
