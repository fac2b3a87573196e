//! Which kind of model this is: float32 or full-integer int8, or one of the
//! kinds `tinyml import` refuses (with what to do instead).

use super::Element;
use super::lowering::op_label;
use crate::Error;
use crate::error::bail;
use crate::tflite::{DType, Model, OpKind, Operator};

/// How to convert a model whose activations are float with QUANTIZE and
/// DEQUANTIZE at its edges, for error messages.
pub const INT8_IO_HINT: &str = "convert it with `converter.inference_input_type = tf.int8` and \
     `converter.inference_output_type = tf.int8`";

/// Decides whether `model` is a float32 or a full-integer int8 model from
/// the activations of its computing operators (all but QUANTIZE and
/// DEQUANTIZE), and refuses every other kind (uint8, int16 activations,
/// hybrid, mixed, float I/O around int8) with what to do instead.
pub fn element_type(model: &Model<'_>) -> Result<Element, Error> {
    let mut float: Option<(&Operator, usize)> = None;
    let mut int8: Option<(&Operator, usize)> = None;
    for op in &model.operators {
        if matches!(op.kind, OpKind::Quantize | OpKind::Dequantize) {
            continue;
        }
        // An int8 LSTM keeps its cell state (input 19) in int16.
        let cell_state = (op.kind == OpKind::UnidirectionalSequenceLstm)
            .then(|| op.input(19))
            .flatten();
        for &t in op.inputs.iter().flatten().chain(&op.outputs) {
            let tensor = &model.tensors[t];
            if tensor.is_const() || Some(t) == cell_state {
                continue;
            }
            if tensor.dtype == DType::FLOAT32 {
                float.get_or_insert((op, t));
            } else if tensor.dtype == DType::INT8 {
                int8.get_or_insert((op, t));
            } else if tensor.dtype == DType::UINT8 {
                bail!(
                    "{} works on UINT8 tensor {t} `{}`: uint8 (legacy asymmetric) quantized models are not supported; \
                     `tinyml import` reads float32 and full-integer int8 models (quantize with a representative \
                     dataset and `inference_input_type = tf.int8`)",
                    op_label(op),
                    tensor.name
                );
            } else if tensor.dtype == DType::INT16 {
                bail!(
                    "{} works on INT16 tensor {t} `{}`: int16 activations (16x8 quantization) are not supported; \
                     `tinyml import` reads float32 and full-integer int8 models",
                    op_label(op),
                    tensor.name
                );
            }
        }
    }
    match (float, int8) {
        (Some((fop, ft)), Some((iop, it))) => bail!(
            "the model mixes FLOAT32 and INT8 activations ({} works on FLOAT32 tensor {ft}, {} on INT8 tensor \
             {it}); `tinyml import` reads models that are float32 throughout or int8 throughout",
            op_label(fop),
            op_label(iop)
        ),
        (None, Some(_)) => {
            for (what, list, edge) in [
                ("input", &model.inputs, OpKind::Quantize),
                ("output", &model.outputs, OpKind::Dequantize),
            ] {
                for &t in list {
                    let tensor = &model.tensors[t];
                    if tensor.dtype == DType::INT8 {
                        continue;
                    }
                    let converter = model.operators.iter().find(|op| {
                        op.kind == edge && (op.input(0) == Some(t) || op.outputs.contains(&t))
                    });
                    // The converter's default: float I/O around int8 layers,
                    // through one QUANTIZE / DEQUANTIZE that the lowering
                    // strips (the generated `predict_f32` does their work).
                    if tensor.dtype == DType::FLOAT32
                        && converter.is_some_and(|op| is_edge(model, op))
                    {
                        continue;
                    }
                    let converter = converter
                        .map(|op| format!(" (converted by {} inside the model)", op_label(op)))
                        .unwrap_or_default();
                    bail!(
                        "the model's {what} `{}` is {}{converter}, but its layers are int8: `tinyml import` needs \
                         an int8 model's inputs and outputs to be int8; {INT8_IO_HINT}",
                        tensor.name,
                        tensor.dtype
                    );
                }
            }
            Ok(Element::I8)
        }
        _ => {
            for op in &model.operators {
                if matches!(op.kind, OpKind::Quantize | OpKind::Dequantize) {
                    continue;
                }
                let weights = op.inputs.iter().flatten().find(|&&t| {
                    model.tensors[t].is_const() && model.tensors[t].dtype.is_quantized_int()
                });
                if let (Some(&t), Some(_)) = (weights, float) {
                    bail!(
                        "this is a dynamic-range (hybrid) quantized model: {} has {} weights (tensor {t}) with \
                         FLOAT32 activations, which `tinyml import` (like TFLite Micro) does not support. Import \
                         the plain float32 model (no converter optimizations) or a full-integer int8 one (a \
                         representative dataset and `inference_input_type = tf.int8`)",
                        op_label(op),
                        model.tensors[t].dtype
                    );
                }
            }
            Ok(Element::F32)
        }
    }
}

/// Whether `op` is a QUANTIZE of the float model input to int8, or a
/// DEQUANTIZE of int8 to the float model output.
pub(super) fn is_edge(model: &Model<'_>, op: &Operator) -> bool {
    let (Some(input), [output]) = (op.input(0), op.outputs.as_slice()) else {
        return false;
    };
    let dtype = |t: usize| model.tensors[t].dtype;
    match op.kind {
        OpKind::Quantize => {
            model.inputs.contains(&input)
                && dtype(input) == DType::FLOAT32
                && dtype(*output) == DType::INT8
        }
        OpKind::Dequantize => {
            model.outputs.contains(output)
                && dtype(input) == DType::INT8
                && dtype(*output) == DType::FLOAT32
        }
        _ => false,
    }
}
