//! Code for `i8` models: the literals of the parameters that `check::int8`
//! prepared, and the model's quantization consts.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::ports::Side;
use crate::ir::{
    AddQuant, ConvQuant, DenseQuant, Int8Io, LstmQuant, MeanQuant, Model, MulQuant, PoolQuant,
    SoftmaxQuant,
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

pub(crate) fn lstm_quant(k: &TokenStream, q: &LstmQuant) -> TokenStream {
    let LstmQuant {
        input_zero_point,
        hidden_zero_point,
        gates,
        forget_cell,
        input_cell,
        hidden,
        cell_clip,
        cell_tanh,
    } = *q;
    let pair = |(m, s): (i32, i32)| quote!((#m, #s));
    let gates = gates.iter().map(|g| {
        let (input, recurrent) = (pair(g.input), pair(g.recurrent));
        quote!(#k::lstm::GateQuant { input: #input, recurrent: #recurrent })
    });
    let (forget_cell, input_cell, hidden) = (pair(forget_cell), pair(input_cell), pair(hidden));
    let cell_clip = match cell_clip {
        Some(clip) => quote!(::core::option::Option::Some(#clip)),
        None => quote!(::core::option::Option::None),
    };
    let (tanh_multiplier, tanh_shift) = (cell_tanh.multiplier, cell_tanh.shift);
    quote!(#k::lstm::LstmQuant {
        input_zero_point: #input_zero_point, hidden_zero_point: #hidden_zero_point,
        gates: [#(#gates),*], forget_cell: #forget_cell, input_cell: #input_cell, hidden: #hidden,
        cell_clip: #cell_clip,
        cell_tanh: #k::quant::int16_activation::Int16Rescale { multiplier: #tanh_multiplier, shift: #tanh_shift },
    })
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
pub(super) fn quantization_items(model: &Model, int8: &Int8Io) -> TokenStream {
    let (inputs, outputs) = (Side::inputs(model), Side::outputs(model));
    if inputs.several() || outputs.several() {
        return port_quantization(model, int8);
    }
    let p = super::private();
    let (input_len, output_len) = (inputs.lens()[0], outputs.lens()[0]);
    let (input_scale, input_zp) = (int8.inputs[0].scale, int8.inputs[0].zero_point);
    let (output_scale, output_zp) = (int8.outputs[0].scale, int8.outputs[0].zero_point);
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

/// A model with several inputs or outputs: `<NAME>_SCALE` and
/// `<NAME>_ZERO_POINT` per port, and `predict_f32` with one `f32` array per
/// input, returning one array per output (a tuple when there are several).
fn port_quantization(model: &Model, int8: &Int8Io) -> TokenStream {
    let p = super::private();
    let (inputs, outputs) = (Side::inputs(model), Side::outputs(model));
    let consts = |side: &Side<'_>, quants: &[crate::ir::Quant]| {
        let ports = side.names().into_iter().zip(side.prefixes()).zip(quants);
        let items = ports.map(|((name, upper), q)| {
            let (scale_name, zp_name) = (format_ident!("{upper}_SCALE"), format_ident!("{upper}_ZERO_POINT"));
            let (scale, zp) = (q.scale, q.zero_point);
            let doc = format!("Scale of `{name}`: `real = {upper}_SCALE · (q − {upper}_ZERO_POINT)`.");
            let zp_doc = format!("Zero point of `{name}`.");
            quote!(#[doc = #doc] pub const #scale_name: f32 = #scale; #[doc = #zp_doc] pub const #zp_name: i32 = #zp;)
        });
        quote!(#(#items)*)
    };
    let (input_consts, output_consts) = (
        consts(&inputs, &int8.inputs),
        consts(&outputs, &int8.outputs),
    );
    let names = inputs.names();
    let params = inputs
        .names()
        .into_iter()
        .zip(inputs.lens())
        .map(|(name, len)| quote!(#name: &[f32; #len]));
    let quantized = names.iter().zip(&int8.inputs).map(|(name, q)| {
        let (scale, zp) = (q.scale, q.zero_point);
        quote!(let #name = &#p::kernels::int8::io::quantize(#name, #scale, #zp);)
    });
    let dequantize = |value: TokenStream, q: &crate::ir::Quant| {
        let (scale, zp) = (q.scale, q.zero_point);
        quote!(#p::kernels::int8::io::dequantize(#value, #scale, #zp))
    };
    let out_lens = outputs.lens();
    let (result_ty, result) = if outputs.several() {
        let fields = outputs.names();
        let values = fields
            .iter()
            .zip(&int8.outputs)
            .map(|(field, q)| dequantize(quote!(outputs.#field), q));
        (
            quote!((#([f32; #out_lens]),*)),
            quote!(let outputs = self.predict(#(#names),*); (#(#values),*)),
        )
    } else {
        let len = out_lens[0];
        let value = dequantize(quote!(self.predict(#(#names),*)), &int8.outputs[0]);
        (quote!([f32; #len]), value)
    };
    quote! {
        #input_consts
        #output_consts

        /// [`Self::predict`] on real values: each input quantized and each
        /// output dequantized exactly as TensorFlow Lite Micro's `QUANTIZE`
        /// and `DEQUANTIZE` do (the converter's default float input and
        /// output), outputs in the model's order. The quantization uses
        /// floating point.
        pub fn predict_f32(&mut self, #(#params),*) -> #result_ty {
            #(#quantized)*
            #result
        }
    }
}
