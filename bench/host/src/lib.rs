//! Host benchmark of tinyml's MLPerf Tiny models against tract
//! (`tract-tflite`) and microflow 0.1.3, on the same `.tflite` model and the
//! same reference input: see `benches/host.rs` and `run.sh`.
//!
//! The models are imported at build time (`build.rs`) from
//! `TINYML_MLPERF_DIR`; tract loads the same `.tflite` files at run time.

use nalgebra::SMatrix;
use tract_tflite::prelude::*;

/// The generated models, one module each (`cfg(mlperf)` only).
#[allow(missing_docs, clippy::all, unreachable_pub)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/models.rs"));
}
#[cfg(mlperf)]
pub use generated::*;

/// Reads a file of the MLPerf folder.
pub fn read(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// Raw bytes as int8 values.
pub fn i8s(bytes: &[u8]) -> Vec<i8> {
    bytes.iter().map(|&b| b as i8).collect()
}

/// Raw little-endian `f32` values.
pub fn f32s(bytes: &[u8]) -> Vec<f32> {
    bytes
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}

/// Largest |a − b| of two int8 outputs, in LSB.
pub fn max_lsb(a: &[i8], b: &[i8]) -> u32 {
    a.iter()
        .zip(b)
        .map(|(&x, &y)| (i32::from(x) - i32::from(y)).unsigned_abs())
        .max()
        .unwrap_or(u32::MAX)
}

/// Largest |a − b| of two float outputs.
pub fn max_abs(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).fold(0.0, |m, (x, y)| m.max((x - y).abs()))
}

/// A `.tflite` model loaded, optimised and made runnable by tract, with its
/// input ready.
pub struct Tract {
    model: std::sync::Arc<TypedRunnableModel>,
    input: TValue,
}

impl Tract {
    /// Loads `path` and prepares `input`: raw int8 values for an int8 model
    /// (given tract's quantized input type, `QI8` with the model's zero point
    /// and scale), or `f32` values.
    pub fn load(path: &str, input: Input<'_>) -> TractResult<Self> {
        let model = tract_tflite::tflite().model_for_path(path)?;
        let tensor = input_tensor(&model, input)?;
        let model = model.into_optimized()?.into_runnable()?;
        Ok(Self {
            model,
            input: tensor.into_tvalue(),
        })
    }

    /// One inference on the prepared input.
    pub fn run(&self) -> TractResult<TVec<TValue>> {
        self.model.run(tvec!(self.input.clone()))
    }

    /// One inference, its output as raw int8 values.
    pub fn run_i8(&self) -> TractResult<Vec<i8>> {
        let outputs = self.run()?;
        Ok(outputs[0]
            .to_plain_array_view::<i8>()?
            .iter()
            .copied()
            .collect())
    }

    /// One inference, its output as `f32`.
    pub fn run_f32(&self) -> TractResult<Vec<f32>> {
        let outputs = self.run()?;
        Ok(outputs[0]
            .to_plain_array_view::<f32>()?
            .iter()
            .copied()
            .collect())
    }
}

/// The model's input as a tract tensor: raw int8 values for an int8 model
/// (tract's quantized input type, `QI8` with the model's zero point and
/// scale, filled with them), or `f32` values.
fn input_tensor(model: &TypedModel, input: Input<'_>) -> TractResult<Tensor> {
    let fact = model.input_fact(0)?;
    let shape: Vec<usize> = fact
        .shape
        .as_concrete()
        .ok_or_else(|| TractError::msg("symbolic input shape"))?
        .to_vec();
    Ok(match input {
        Input::Int8(values) => {
            let mut tensor = Tensor::zero_dt(fact.datum_type, &shape)?;
            tensor
                .to_plain_array_view_mut::<i8>()?
                .iter_mut()
                .zip(values)
                .for_each(|(t, v)| *t = *v);
            tensor
        }
        Input::F32(values) => Tensor::from_shape(&shape, values)?,
    })
}

/// The output of one node of an int8 model in tract, as loaded (not
/// optimised): to find where tract's result departs from TFLite's.
pub fn tract_node_i8(path: &str, input: &[i8], node: &str) -> TractResult<Vec<i8>> {
    let mut model = tract_tflite::tflite().model_for_path(path)?;
    let tensor = input_tensor(&model, Input::Int8(input))?;
    let id = model.node_id_by_name(node)?;
    model.select_output_outlets(&[OutletId::new(id, 0)])?;
    let outputs = model.into_runnable()?.run(tvec!(tensor.into_tvalue()))?;
    Ok(outputs[0]
        .to_plain_array_view::<i8>()?
        .iter()
        .copied()
        .collect())
}

/// An input for [`Tract::load`].
pub enum Input<'a> {
    /// Raw int8 values of an int8 model.
    Int8(&'a [i8]),
    /// Values of a float model.
    F32(&'a [f32]),
}

/// The first line of an error and of each of its causes, each cut to 160
/// characters (tract's errors embed whole operators).
pub fn error_chain(e: &TractError) -> String {
    e.chain()
        .map(|c| {
            let line = c.to_string();
            let line = line.lines().next().unwrap_or("").trim().to_owned();
            if line.chars().count() > 160 {
                format!("{}…", line.chars().take(160).collect::<String>())
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join(": ")
}

/// An NHWC int8 tensor (batch 1) as microflow's `Buffer4D` (column-major
/// matrices of channel arrays).
pub fn microflow_input4<const R: usize, const C: usize, const CH: usize>(
    data: &[i8],
) -> microflow::buffer::Buffer4D<i8, 1, R, C, CH> {
    [SMatrix::from_fn(|r, c| {
        core::array::from_fn(|ch| data[(r * C + c) * CH + ch])
    })]
}

/// A `[1, N]` int8 tensor as microflow's `Buffer2D`.
pub fn microflow_input2<const N: usize>(data: &[i8]) -> microflow::buffer::Buffer2D<i8, 1, N> {
    SMatrix::from_fn(|_, c| data[c])
}

/// Quantizes microflow's dequantized output back to int8 (round half away
/// from zero): exact for values it dequantized from int8.
pub fn requantize(values: &[f32], scale: f32, zero_point: i32) -> Vec<i8> {
    values
        .iter()
        .map(|v| {
            let r = (v / scale).round() as i32;
            (r + zero_point).clamp(-128, 127) as i8
        })
        .collect()
}
