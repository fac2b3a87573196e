//! The prepare step of `ADD`, `SUB`, `MUL`, `MAXIMUM` and `MINIMUM`.

use super::{FusedActivation, PrepareError, TensorQuant, activation_range, check};
use crate::int8::add::AddQuant;
use crate::int8::mul::MulQuant;
use crate::int8::quant::{quantize_multiplier, quantize_multiplier_smaller_than_one};

/// `ADD`'s and `SUB`'s headroom shift for `int8`.
const LEFT_SHIFT: i32 = 20;

/// Both inputs' quantization checked, and the fused activation's clamp in
/// the output's.
const fn operands(
    input1: TensorQuant,
    input2: TensorQuant,
    output: TensorQuant,
    activation: FusedActivation,
) -> Result<(i8, i8), PrepareError> {
    if let Err(e) = check(input1) {
        return Err(e);
    }
    if let Err(e) = check(input2) {
        return Err(e);
    }
    activation_range(activation, output)
}

/// The [`AddQuant`] from the three real multipliers (inputs, output).
const fn rescaling(
    (input1, input2): (TensorQuant, TensorQuant),
    output: TensorQuant,
    (act_min, act_max): (i8, i8),
    (real_input1, real_input2, real_output): (f64, f64, f64),
) -> Result<AddQuant, PrepareError> {
    let (Some(m1), Some(m2), Some(mo)) = (
        quantize_multiplier_smaller_than_one(real_input1),
        quantize_multiplier_smaller_than_one(real_input2),
        quantize_multiplier_smaller_than_one(real_output),
    ) else {
        return Err(PrepareError::AddScales);
    };
    Ok(AddQuant {
        input1_offset: -input1.zero_point,
        input2_offset: -input2.zero_point,
        output_offset: output.zero_point,
        left_shift: LEFT_SHIFT,
        input1_multiplier: m1.0,
        input1_shift: m1.1,
        input2_multiplier: m2.0,
        input2_shift: m2.1,
        output_multiplier: mo.0,
        output_shift: mo.1,
        act_min,
        act_max,
    })
}

/// The [`AddQuant`] of an `ADD` (TFLM's `CalculateOpDataAdd` for `int8`):
/// `left_shift = 20`, `twice_max_input_scale = 2 · max(s1, s2)` (in `f64`),
/// input multipliers `s_i / twice_max_input_scale` and output multiplier
/// `twice_max_input_scale / (2^20 · s_out)`, each by
/// [`quantize_multiplier_smaller_than_one`].
pub const fn add(
    input1: TensorQuant,
    input2: TensorQuant,
    output: TensorQuant,
    activation: FusedActivation,
) -> Result<AddQuant, PrepareError> {
    let range = match operands(input1, input2, output, activation) {
        Ok(range) => range,
        Err(e) => return Err(e),
    };
    let max_scale = if input1.scale > input2.scale {
        input1.scale
    } else {
        input2.scale
    };
    let twice_max_input_scale = 2.0 * max_scale as f64;
    let reals = (
        input1.scale as f64 / twice_max_input_scale,
        input2.scale as f64 / twice_max_input_scale,
        twice_max_input_scale / ((1 << LEFT_SHIFT) as f64 * output.scale as f64),
    );
    rescaling((input1, input2), output, range, reals)
}

/// The [`AddQuant`] of a `SUB` (TFLM's `CalculateOpDataSub` for `int8`):
/// `ADD`'s rescaling, except that TFLM computes `twice_max_input_scale`
/// and the three real multipliers in `f32` before widening them to `f64`,
/// so a multiplier can differ from `ADD`'s in its last bit.
pub const fn sub(
    input1: TensorQuant,
    input2: TensorQuant,
    output: TensorQuant,
    activation: FusedActivation,
) -> Result<AddQuant, PrepareError> {
    let range = match operands(input1, input2, output, activation) {
        Ok(range) => range,
        Err(e) => return Err(e),
    };
    let max_scale = if input1.scale > input2.scale {
        input1.scale
    } else {
        input2.scale
    };
    let twice_max_input_scale = 2.0 * max_scale;
    let reals = (
        (input1.scale / twice_max_input_scale) as f64,
        (input2.scale / twice_max_input_scale) as f64,
        (twice_max_input_scale / ((1 << LEFT_SHIFT) as f32 * output.scale)) as f64,
    );
    rescaling((input1, input2), output, range, reals)
}

/// The [`MulQuant`] of a `MUL` (TFLM's `CalculateOpDataMul` for `int8`):
/// `input1_scale · input2_scale / output_scale` in `f64` from the `f32`
/// scales, by [`quantize_multiplier`].
pub const fn mul(
    input1: TensorQuant,
    input2: TensorQuant,
    output: TensorQuant,
    activation: FusedActivation,
) -> Result<MulQuant, PrepareError> {
    let (act_min, act_max) = match operands(input1, input2, output, activation) {
        Ok(range) => range,
        Err(e) => return Err(e),
    };
    let real = input1.scale as f64 * input2.scale as f64 / output.scale as f64;
    let (multiplier, shift) = quantize_multiplier(real);
    Ok(MulQuant {
        input1_offset: -input1.zero_point,
        input2_offset: -input2.zero_point,
        output_offset: output.zero_point,
        multiplier,
        shift,
        act_min,
        act_max,
    })
}

/// Checks that every operand of a `MAXIMUM`, `MINIMUM` or `CONCATENATION`
/// has the output's quantization: TFLM's kernels compare or copy the raw
/// values, which is right only then.
pub const fn same_quant(operands: &[TensorQuant], output: TensorQuant) -> Result<(), PrepareError> {
    if let Err(e) = check(output) {
        return Err(e);
    }
    let mut i = 0;
    while i < operands.len() {
        let q = operands[i];
        if q.scale != output.scale || q.zero_point != output.zero_point {
            return Err(PrepareError::NotSameQuant);
        }
        i += 1;
    }
    Ok(())
}
