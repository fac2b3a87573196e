//! Code for `i8` models: the literals of the parameters that `check::int8`
//! prepared, and the model's quantization consts.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{
    AddQuant, ConvQuant, DenseQuant, Int8Io, MeanQuant, MulQuant, PoolQuant, SoftmaxQuant,
};

pub(crate) fn pool_quant(k: &TokenStream, q: &PoolQuant) -> TokenStream {
    let PoolQuant { act_min, act_max } = *q;
    quote!(#k::pooling::PoolQuant { act_min: #act_min, act_max: #act_max })
}

pub(crate) fn mean_quant(k: &TokenStream, q: &MeanQuant) -> TokenStream {
    let MeanQuant {
        zero_point_sum,
        multiplier,
        shift,
        output_zero_point,
    } = *q;
    quote!(#k::mean::MeanQuant {
        zero_point_sum: #zero_point_sum, multiplier: #multiplier, shift: #shift, output_zero_point: #output_zero_point
    })
}

pub(crate) fn conv_quant(k: &TokenStream, q: &ConvQuant) -> TokenStream {
    let ConvQuant {
        input_offset,
        output_offset,
        act_min,
        act_max,
    } = *q;
    quote!(#k::conv::ConvQuant {
        input_offset: #input_offset, output_offset: #output_offset, act_min: #act_min, act_max: #act_max
    })
}

pub(crate) fn dense_quant(k: &TokenStream, q: &DenseQuant) -> TokenStream {
    let DenseQuant {
        output_offset,
        act_min,
        act_max,
    } = *q;
    quote!(#k::fully_connected::DenseQuant { output_offset: #output_offset, act_min: #act_min, act_max: #act_max })
}

pub(crate) fn softmax_quant(k: &TokenStream, q: &SoftmaxQuant) -> TokenStream {
    let SoftmaxQuant {
        input_multiplier,
        input_left_shift,
        diff_min,
    } = *q;
    quote!(#k::softmax::SoftmaxQuant {
        input_multiplier: #input_multiplier, input_left_shift: #input_left_shift, diff_min: #diff_min
    })
}

pub(crate) fn add_quant(k: &TokenStream, q: &AddQuant) -> TokenStream {
    let AddQuant {
        input1_offset,
        input2_offset,
        output_offset,
        left_shift,
        input1_multiplier,
        input1_shift,
        input2_multiplier,
        input2_shift,
        output_multiplier,
        output_shift,
        act_min,
        act_max,
    } = *q;
    quote!(#k::add::AddQuant {
        input1_offset: #input1_offset, input2_offset: #input2_offset, output_offset: #output_offset,
        left_shift: #left_shift, input1_multiplier: #input1_multiplier, input1_shift: #input1_shift,
        input2_multiplier: #input2_multiplier, input2_shift: #input2_shift,
        output_multiplier: #output_multiplier, output_shift: #output_shift, act_min: #act_min, act_max: #act_max
    })
}

pub(crate) fn mul_quant(k: &TokenStream, q: &MulQuant) -> TokenStream {
    let MulQuant {
        input1_offset,
        input2_offset,
        output_offset,
        multiplier,
        shift,
        act_min,
        act_max,
    } = *q;
    quote!(#k::mul::MulQuant {
        input1_offset: #input1_offset, input2_offset: #input2_offset, output_offset: #output_offset,
        multiplier: #multiplier, shift: #shift, act_min: #act_min, act_max: #act_max
    })
}

/// Consts and helpers for the caller's side of an `i8` model.
pub(super) fn quantization_items(
    int8: &Int8Io,
    input_len: usize,
    output_len: usize,
) -> TokenStream {
    let p = super::private();
    let (input_scale, input_zp) = (int8.input.scale, int8.input.zero_point);
    let (output_scale, output_zp) = (int8.output.scale, int8.output.zero_point);
    quote! {
        /// Scale of the quantized input: `real = INPUT_SCALE · (q − INPUT_ZERO_POINT)`.
        pub const INPUT_SCALE: f32 = #input_scale;
        /// Zero point of the quantized input.
        pub const INPUT_ZERO_POINT: i32 = #input_zp;
        /// Scale of the quantized output: `real = OUTPUT_SCALE · (q − OUTPUT_ZERO_POINT)`.
        pub const OUTPUT_SCALE: f32 = #output_scale;
        /// Zero point of the quantized output.
        pub const OUTPUT_ZERO_POINT: i32 = #output_zp;

        /// Quantizes real input values as TFLite's `QUANTIZE` does (round half
        /// away from zero, saturate). Not part of inference.
        pub fn quantize(input: &[f32; #input_len]) -> [i8; #input_len] {
            #p::kernels::int8::io::quantize(input, Self::INPUT_SCALE, Self::INPUT_ZERO_POINT)
        }

        /// Real values of a quantized output. Not part of inference.
        pub fn dequantize(output: &[i8; #output_len]) -> [f32; #output_len] {
            #p::kernels::int8::io::dequantize(output, Self::OUTPUT_SCALE, Self::OUTPUT_ZERO_POINT)
        }

        /// [`Self::predict`] on real values: the input quantized and the
        /// output dequantized exactly as TensorFlow Lite Micro's `QUANTIZE`
        /// and `DEQUANTIZE` do, so that a model converted with float input
        /// and output (the converter's default) gives TFLM's float outputs
        /// bit for bit. The quantization uses floating point.
        pub fn predict_f32(&mut self, input: &[f32; #input_len]) -> [f32; #output_len] {
            Self::dequantize(self.predict(&Self::quantize(input)))
        }
    }
}
