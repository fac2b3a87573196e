//! Code for `i8` models: integer-only kernel calls with the parameters that
//! `check::int8` prepared, and the model's quantization consts.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::layers::Ctx;
use super::window_generics;
use crate::ir::{
    AddQuant, ConvQuant, DenseQuant, Int8Model, Int8Node, Node, Op, PerChannelQuant, PoolQuant,
    SoftmaxQuant, Window,
};

impl Ctx<'_> {
    /// One node of an `i8` model.
    pub(super) fn int8_node(
        &self,
        index: usize,
        node: &Node,
        prepared: Option<&Int8Node>,
    ) -> TokenStream {
        let p = &self.p;
        let k = quote!(#p::kernels::int8);
        let input_len = self.model.tensors[node.inputs[0]].len();
        let output_len = self.model.tensors[node.output].len();
        let Some(prepared) = prepared else {
            // Reshapes: nothing to compute.
            return quote!();
        };
        let weights = format_ident!("LAYER{}_WEIGHTS", index);
        let statics = self.int8_statics(index, node, prepared);
        let call = match (&node.op, prepared) {
            (
                Op::Conv2d {
                    window,
                    filters,
                    params,
                    ..
                },
                Int8Node::PerChannel {
                    quant: PerChannelQuant::Conv(q),
                    ..
                },
            ) => {
                let (wn, q) = (params.weights.len, conv_quant(&k, q));
                let g = window_generics(window, Some(*filters));
                quote!(#k::conv::conv2d_per_channel::<#g, #input_len, #output_len, #wn>(
                    src, &#weights, &BIAS, &MULTIPLIERS, &SHIFTS, dst, #q))
            }
            (
                Op::DepthwiseConv2d {
                    window,
                    multiplier,
                    params,
                    ..
                },
                Int8Node::PerChannel {
                    quant: PerChannelQuant::Conv(q),
                    ..
                },
            ) => {
                let (oc, wn, q) = (
                    window.in_c * multiplier,
                    params.weights.len,
                    conv_quant(&k, q),
                );
                let g = window_generics(window, Some(*multiplier));
                quote!(#k::conv::depthwise_conv2d_per_channel::<#g, #oc, #input_len, #output_len, #wn>(
                    src, &#weights, &BIAS, &MULTIPLIERS, &SHIFTS, dst, #q))
            }
            (
                Op::Dense {
                    inputs,
                    units,
                    params,
                    ..
                },
                Int8Node::PerChannel {
                    quant: PerChannelQuant::Dense(q),
                    ..
                },
            ) => {
                let (wn, q) = (params.weights.len, dense_quant(&k, q));
                quote!(#k::fully_connected::dense_per_channel::<#inputs, #units, #wn>(
                    src, &#weights, &BIAS, &MULTIPLIERS, &SHIFTS, dst, #q))
            }
            (
                Op::Dense {
                    inputs,
                    units,
                    params,
                    ..
                },
                Int8Node::PerTensor {
                    quant,
                    multiplier,
                    shift,
                    ..
                },
            ) => {
                let (wn, q) = (params.weights.len, dense_quant(&k, quant));
                quote!(#k::fully_connected::dense::<#inputs, #units, #wn>(
                    src, &#weights, &BIAS, #multiplier, #shift, dst, #q))
            }
            (Op::MaxPool { window, .. } | Op::AvgPool { window, .. }, Int8Node::Pool(q)) => {
                let kernel = if matches!(node.op, Op::MaxPool { .. }) {
                    quote!(max_pool)
                } else {
                    quote!(avg_pool)
                };
                pool_call(&k, kernel, window, input_len, output_len, q)
            }
            (Op::GlobalAvgPool, Int8Node::Pool(q)) => {
                let [h, w, c] = self.model.tensors[node.inputs[0]].shape[..] else {
                    unreachable!("checked rank")
                };
                let window = Window {
                    in_h: h,
                    in_w: w,
                    in_c: c,
                    out_h: 1,
                    out_w: 1,
                    kernel_h: h,
                    kernel_w: w,
                    stride_h: h,
                    stride_w: w,
                    pad_top: 0,
                    pad_left: 0,
                };
                pool_call(&k, quote!(avg_pool), &window, input_len, output_len, q)
            }
            (Op::Softmax, Int8Node::Softmax(q)) => {
                let q = softmax_quant(&k, q);
                return self.in_place(
                    node,
                    quote!(#k::softmax::softmax_in_place::<#output_len>(dst, #q)),
                );
            }
            (Op::Add { .. }, Int8Node::Add(q)) => {
                let bind = self.bind_two(node);
                let q = add_quant(&k, q);
                return quote!({ #bind #k::add::add::<#output_len>(lhs, rhs, dst, #q); });
            }
            _ => unreachable!("check::int8 prepares each node for its op"),
        };
        let bind = self.bind_one(node);
        quote!({ #statics #bind #call; })
    }

    /// The weights, read in place from the `.tmw` file, and the prepared
    /// per-channel arrays as literals.
    fn int8_statics(&self, index: usize, node: &Node, prepared: &Int8Node) -> TokenStream {
        let p = &self.p;
        let Some(params) = node.op.params() else {
            return quote!();
        };
        let (len, offset) = (params.weights.len, params.weights.offset);
        let weights = format_ident!("LAYER{}_WEIGHTS", index);
        let decoded = quote! {
            #[allow(long_running_const_eval)]
            static #weights: [i8; #len] =
                #p::kernels::int8::weights::i8_array::<#len>(WEIGHTS_FILE.split_at(#offset).1.split_at(#len).0);
        };
        let array = |name: &str, values: &[i32]| {
            let (name, n) = (format_ident!("{}", name), values.len());
            quote!(static #name: [i32; #n] = [#(#values),*];)
        };
        match prepared {
            Int8Node::PerChannel {
                multipliers,
                shifts,
                bias,
                ..
            } => {
                let (m, s, b) = (
                    array("MULTIPLIERS", multipliers),
                    array("SHIFTS", shifts),
                    array("BIAS", bias),
                );
                quote!(#decoded #m #s #b)
            }
            Int8Node::PerTensor { bias, .. } => {
                let b = array("BIAS", bias);
                quote!(#decoded #b)
            }
            _ => decoded,
        }
    }
}

fn pool_call(
    k: &TokenStream,
    kernel: TokenStream,
    window: &Window,
    input_len: usize,
    output_len: usize,
    q: &PoolQuant,
) -> TokenStream {
    let PoolQuant { act_min, act_max } = *q;
    let g = window_generics(window, None);
    quote!(#k::pooling::#kernel::<#g, #input_len, #output_len>(
        src, dst, #k::pooling::PoolQuant { act_min: #act_min, act_max: #act_max }))
}

fn conv_quant(k: &TokenStream, q: &ConvQuant) -> TokenStream {
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

fn dense_quant(k: &TokenStream, q: &DenseQuant) -> TokenStream {
    let DenseQuant {
        output_offset,
        act_min,
        act_max,
    } = *q;
    quote!(#k::fully_connected::DenseQuant { output_offset: #output_offset, act_min: #act_min, act_max: #act_max })
}

fn softmax_quant(k: &TokenStream, q: &SoftmaxQuant) -> TokenStream {
    let SoftmaxQuant {
        input_multiplier,
        input_left_shift,
        diff_min,
    } = *q;
    quote!(#k::softmax::SoftmaxQuant {
        input_multiplier: #input_multiplier, input_left_shift: #input_left_shift, diff_min: #diff_min
    })
}

fn add_quant(k: &TokenStream, q: &AddQuant) -> TokenStream {
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

/// Consts and helpers for the caller's side of an `i8` model.
pub(super) fn quantization_items(
    int8: &Int8Model,
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
    }
}
