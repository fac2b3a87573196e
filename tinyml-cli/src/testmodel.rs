//! Test-only: build small `.tflite` files with the generated flatbuffer
//! builders, so unit tests can cover options and ops that the MLPerf models
//! do not have. The files are real TFLite flatbuffers, written by the same
//! official schema code the parser reads with.

use flatbuffers::FlatBufferBuilder;

use crate::schema::tflite as fb;

/// Options of a test operator.
#[derive(Clone, Copy)]
pub(crate) enum Opt {
    None,
    Conv {
        padding: fb::Padding,
        stride: (i32, i32),
        act: fb::ActivationFunctionType,
        dilation: (i32, i32),
    },
    Depthwise {
        padding: fb::Padding,
        stride: (i32, i32),
        act: fb::ActivationFunctionType,
        multiplier: i32,
    },
    Pool {
        padding: fb::Padding,
        stride: (i32, i32),
        filter: (i32, i32),
        act: fb::ActivationFunctionType,
    },
    Fc {
        act: fb::ActivationFunctionType,
        keep_num_dims: bool,
    },
    Softmax(f32),
    LeakyRelu(f32),
    Add(fb::ActivationFunctionType),
    Reshape,
    /// `SqueezeOptions` with these `squeeze_dims`.
    Squeeze(&'static [i32]),
    /// `ReducerOptions` with `keep_dims`.
    Reducer(bool),
    /// `ConcatenationOptions` along this axis.
    Concatenation(i32),
    /// `StridedSliceOptions`.
    StridedSlice {
        begin_mask: i32,
        end_mask: i32,
        shrink_axis_mask: i32,
        ellipsis_mask: i32,
    },
    /// `ResizeNearestNeighborOptions`: `align_corners`, `half_pixel_centers`.
    Resize(bool, bool),
    /// `UnidirectionalSequenceLSTMOptions`: cell activation, cell clip,
    /// time major.
    Lstm(fb::ActivationFunctionType, f32, bool),
    /// `TransposeConvOptions`.
    TransposeConv {
        padding: fb::Padding,
        stride: (i32, i32),
        act: fb::ActivationFunctionType,
    },
}

/// Quantization parameters: scales, zero points, quantized dimension.
#[derive(Clone)]
struct QuantSpec {
    scales: Vec<f32>,
    zero_points: Vec<i64>,
    axis: i32,
}

struct TensorSpec {
    /// `t{index}` unless given.
    name: Option<String>,
    shape: Vec<i32>,
    dtype: fb::TensorType,
    data: Option<Vec<u8>>,
    quant: Option<QuantSpec>,
}

struct OpSpec {
    code: fb::BuiltinOperator,
    inputs: Vec<i32>,
    outputs: Vec<i32>,
    options: Opt,
}

/// A model under construction: tensors, operators, graph inputs/outputs.
#[derive(Default)]
pub(crate) struct ModelBuilder {
    tensors: Vec<TensorSpec>,
    ops: Vec<OpSpec>,
    inputs: Vec<i32>,
    outputs: Vec<i32>,
}

/// `n` distinct, recognisable weights.
pub(crate) fn ramp(n: usize) -> Vec<f32> {
    (0..n).map(|i| i as f32 * 0.25 - 1.0).collect()
}

/// `n` recognisable int8 weights covering the whole range.
pub(crate) fn ramp_i8(n: usize) -> Vec<i8> {
    (0..n)
        .map(|i| i8::from_le_bytes([((i * 37) % 256) as u8]))
        .collect()
}

impl ModelBuilder {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    fn push(&mut self, spec: TensorSpec) -> i32 {
        self.tensors.push(spec);
        i32::try_from(self.tensors.len() - 1).expect("few tensors")
    }

    /// An activation tensor.
    pub(crate) fn act(&mut self, shape: &[i32], dtype: fb::TensorType) -> i32 {
        self.push(TensorSpec {
            name: None,
            shape: shape.to_vec(),
            dtype,
            data: None,
            quant: None,
        })
    }

    /// A float32 activation tensor.
    pub(crate) fn f32(&mut self, shape: &[i32]) -> i32 {
        self.act(shape, fb::TensorType::FLOAT32)
    }

    /// A float32 constant.
    pub(crate) fn f32_const(&mut self, shape: &[i32], values: &[f32]) -> i32 {
        let data = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        self.push(TensorSpec {
            name: None,
            shape: shape.to_vec(),
            dtype: fb::TensorType::FLOAT32,
            data: Some(data),
            quant: None,
        })
    }

    /// A constant with raw bytes.
    pub(crate) fn raw_const(&mut self, shape: &[i32], dtype: fb::TensorType, data: Vec<u8>) -> i32 {
        self.push(TensorSpec {
            name: None,
            shape: shape.to_vec(),
            dtype,
            data: Some(data),
            quant: None,
        })
    }

    /// Gives tensor `t` per-tensor quantization.
    pub(crate) fn quantize(&mut self, t: i32, scale: f32, zero_point: i64) {
        self.quantize_axis(t, &[scale], &[zero_point], 0);
    }

    /// Gives tensor `t` any quantization: scales and zero points (as many as
    /// given) along dimension `axis`.
    pub(crate) fn quantize_axis(&mut self, t: i32, scales: &[f32], zero_points: &[i64], axis: i32) {
        self.tensors[usize::try_from(t).expect("index")].quant = Some(QuantSpec {
            scales: scales.to_vec(),
            zero_points: zero_points.to_vec(),
            axis,
        });
    }

    /// Names tensor `t` (instead of `t{index}`).
    pub(crate) fn name(&mut self, t: i32, name: &str) {
        self.tensors[usize::try_from(t).expect("index")].name = Some(name.to_owned());
    }

    /// Changes the element type of tensor `t`.
    pub(crate) fn retype(&mut self, t: i32, dtype: fb::TensorType) {
        self.tensors[usize::try_from(t).expect("index")].dtype = dtype;
    }

    /// An int8 activation tensor with per-tensor quantization.
    pub(crate) fn i8(&mut self, shape: &[i32], scale: f32, zero_point: i64) -> i32 {
        let t = self.act(shape, fb::TensorType::INT8);
        self.quantize(t, scale, zero_point);
        t
    }

    /// An int8 constant (weights) with `scales` along `axis`, zero points 0.
    pub(crate) fn i8_const(
        &mut self,
        shape: &[i32],
        values: &[i8],
        scales: &[f32],
        axis: i32,
    ) -> i32 {
        let t = self.raw_const(
            shape,
            fb::TensorType::INT8,
            values.iter().map(|v| v.to_le_bytes()[0]).collect(),
        );
        self.quantize_axis(t, scales, &vec![0; scales.len()], axis);
        t
    }

    /// An int32 constant (a bias).
    pub(crate) fn i32_const(&mut self, shape: &[i32], values: &[i32]) -> i32 {
        self.raw_const(
            shape,
            fb::TensorType::INT32,
            values.iter().flat_map(|v| v.to_le_bytes()).collect(),
        )
    }

    pub(crate) fn op(
        &mut self,
        code: fb::BuiltinOperator,
        inputs: &[i32],
        outputs: &[i32],
        options: Opt,
    ) {
        self.ops.push(OpSpec {
            code,
            inputs: inputs.to_vec(),
            outputs: outputs.to_vec(),
            options,
        });
    }

    pub(crate) fn io(&mut self, inputs: &[i32], outputs: &[i32]) {
        self.inputs = inputs.to_vec();
        self.outputs = outputs.to_vec();
    }

    /// The `.tflite` bytes.
    pub(crate) fn build(&self) -> Vec<u8> {
        let mut fbb = FlatBufferBuilder::new();
        // Buffer 0 is the empty sentinel.
        let mut buffers = vec![fb::Buffer::create(&mut fbb, &fb::BufferArgs::default())];
        let mut tensors = Vec::new();
        for (i, t) in self.tensors.iter().enumerate() {
            let buffer = match &t.data {
                Some(bytes) => {
                    let data = fbb.create_vector(bytes);
                    buffers.push(fb::Buffer::create(
                        &mut fbb,
                        &fb::BufferArgs {
                            data: Some(data),
                            ..Default::default()
                        },
                    ));
                    u32::try_from(buffers.len() - 1).expect("few buffers")
                }
                None => 0,
            };
            let quantization = t.quant.as_ref().map(|q| {
                let scale = fbb.create_vector(&q.scales);
                let zero_point = fbb.create_vector(&q.zero_points);
                fb::QuantizationParameters::create(
                    &mut fbb,
                    &fb::QuantizationParametersArgs {
                        scale: Some(scale),
                        zero_point: Some(zero_point),
                        quantized_dimension: q.axis,
                        ..Default::default()
                    },
                )
            });
            let shape = fbb.create_vector(&t.shape);
            let name = match &t.name {
                Some(name) => fbb.create_string(name),
                None => fbb.create_string(&format!("t{i}")),
            };
            tensors.push(fb::Tensor::create(
                &mut fbb,
                &fb::TensorArgs {
                    shape: Some(shape),
                    type_: t.dtype,
                    buffer,
                    name: Some(name),
                    quantization,
                    ..Default::default()
                },
            ));
        }
        let mut codes: Vec<fb::BuiltinOperator> = Vec::new();
        let mut ops = Vec::new();
        for op in &self.ops {
            let opcode_index = match codes.iter().position(|&c| c == op.code) {
                Some(i) => i,
                None => {
                    codes.push(op.code);
                    codes.len() - 1
                }
            };
            let (ty, options) = build_options(&mut fbb, op.options);
            let inputs = fbb.create_vector(&op.inputs);
            let outputs = fbb.create_vector(&op.outputs);
            ops.push(fb::Operator::create(
                &mut fbb,
                &fb::OperatorArgs {
                    opcode_index: u32::try_from(opcode_index).expect("few opcodes"),
                    inputs: Some(inputs),
                    outputs: Some(outputs),
                    builtin_options_type: ty,
                    builtin_options: options,
                    ..Default::default()
                },
            ));
        }
        let codes: Vec<_> = codes
            .iter()
            .map(|&c| {
                fb::OperatorCode::create(
                    &mut fbb,
                    &fb::OperatorCodeArgs {
                        deprecated_builtin_code: i8::try_from(c.0).unwrap_or(127),
                        builtin_code: c,
                        version: 1,
                        ..Default::default()
                    },
                )
            })
            .collect();
        let tensors = fbb.create_vector(&tensors);
        let operators = fbb.create_vector(&ops);
        let inputs = fbb.create_vector(&self.inputs);
        let outputs = fbb.create_vector(&self.outputs);
        let subgraph = fb::SubGraph::create(
            &mut fbb,
            &fb::SubGraphArgs {
                tensors: Some(tensors),
                inputs: Some(inputs),
                outputs: Some(outputs),
                operators: Some(operators),
                ..Default::default()
            },
        );
        let subgraphs = fbb.create_vector(&[subgraph]);
        let codes = fbb.create_vector(&codes);
        let buffers = fbb.create_vector(&buffers);
        let description = fbb.create_string("tinyml-cli test model");
        let model = fb::Model::create(
            &mut fbb,
            &fb::ModelArgs {
                version: 3,
                operator_codes: Some(codes),
                subgraphs: Some(subgraphs),
                description: Some(description),
                buffers: Some(buffers),
                ..Default::default()
            },
        );
        fb::finish_model_buffer(&mut fbb, model);
        fbb.finished_data().to_vec()
    }
}

fn build_options(
    fbb: &mut FlatBufferBuilder<'_>,
    options: Opt,
) -> (
    fb::BuiltinOptions,
    Option<flatbuffers::WIPOffset<flatbuffers::UnionWIPOffset>>,
) {
    match options {
        Opt::None => (fb::BuiltinOptions::NONE, None),
        Opt::Conv {
            padding,
            stride,
            act,
            dilation,
        } => {
            let o = fb::Conv2DOptions::create(
                fbb,
                &fb::Conv2DOptionsArgs {
                    padding,
                    stride_h: stride.0,
                    stride_w: stride.1,
                    fused_activation_function: act,
                    dilation_h_factor: dilation.0,
                    dilation_w_factor: dilation.1,
                    ..Default::default()
                },
            );
            (fb::BuiltinOptions::Conv2DOptions, Some(o.as_union_value()))
        }
        Opt::Depthwise {
            padding,
            stride,
            act,
            multiplier,
        } => {
            let o = fb::DepthwiseConv2DOptions::create(
                fbb,
                &fb::DepthwiseConv2DOptionsArgs {
                    padding,
                    stride_h: stride.0,
                    stride_w: stride.1,
                    depth_multiplier: multiplier,
                    fused_activation_function: act,
                    ..Default::default()
                },
            );
            (
                fb::BuiltinOptions::DepthwiseConv2DOptions,
                Some(o.as_union_value()),
            )
        }
        Opt::Pool {
            padding,
            stride,
            filter,
            act,
        } => {
            let o = fb::Pool2DOptions::create(
                fbb,
                &fb::Pool2DOptionsArgs {
                    padding,
                    stride_h: stride.0,
                    stride_w: stride.1,
                    filter_height: filter.0,
                    filter_width: filter.1,
                    fused_activation_function: act,
                },
            );
            (fb::BuiltinOptions::Pool2DOptions, Some(o.as_union_value()))
        }
        Opt::Fc { act, keep_num_dims } => {
            let o = fb::FullyConnectedOptions::create(
                fbb,
                &fb::FullyConnectedOptionsArgs {
                    fused_activation_function: act,
                    keep_num_dims,
                    ..Default::default()
                },
            );
            (
                fb::BuiltinOptions::FullyConnectedOptions,
                Some(o.as_union_value()),
            )
        }
        Opt::Softmax(beta) => {
            let o = fb::SoftmaxOptions::create(fbb, &fb::SoftmaxOptionsArgs { beta });
            (fb::BuiltinOptions::SoftmaxOptions, Some(o.as_union_value()))
        }
        Opt::LeakyRelu(alpha) => {
            let o = fb::LeakyReluOptions::create(fbb, &fb::LeakyReluOptionsArgs { alpha });
            (
                fb::BuiltinOptions::LeakyReluOptions,
                Some(o.as_union_value()),
            )
        }
        Opt::Add(act) => {
            let o = fb::AddOptions::create(
                fbb,
                &fb::AddOptionsArgs {
                    fused_activation_function: act,
                    ..Default::default()
                },
            );
            (fb::BuiltinOptions::AddOptions, Some(o.as_union_value()))
        }
        Opt::Reshape => {
            let o = fb::ReshapeOptions::create(fbb, &fb::ReshapeOptionsArgs::default());
            (fb::BuiltinOptions::ReshapeOptions, Some(o.as_union_value()))
        }
        Opt::Squeeze(dims) => {
            let squeeze_dims = Some(fbb.create_vector(dims));
            let o = fb::SqueezeOptions::create(fbb, &fb::SqueezeOptionsArgs { squeeze_dims });
            (fb::BuiltinOptions::SqueezeOptions, Some(o.as_union_value()))
        }
        Opt::Reducer(keep_dims) => {
            let o = fb::ReducerOptions::create(fbb, &fb::ReducerOptionsArgs { keep_dims });
            (fb::BuiltinOptions::ReducerOptions, Some(o.as_union_value()))
        }
        Opt::Concatenation(axis) => {
            let o = fb::ConcatenationOptions::create(
                fbb,
                &fb::ConcatenationOptionsArgs {
                    axis,
                    ..Default::default()
                },
            );
            (
                fb::BuiltinOptions::ConcatenationOptions,
                Some(o.as_union_value()),
            )
        }
        Opt::StridedSlice {
            begin_mask,
            end_mask,
            shrink_axis_mask,
            ellipsis_mask,
        } => {
            let o = fb::StridedSliceOptions::create(
                fbb,
                &fb::StridedSliceOptionsArgs {
                    begin_mask,
                    end_mask,
                    shrink_axis_mask,
                    ellipsis_mask,
                    ..Default::default()
                },
            );
            (
                fb::BuiltinOptions::StridedSliceOptions,
                Some(o.as_union_value()),
            )
        }
        Opt::Lstm(act, cell_clip, time_major) => {
            let o = fb::UnidirectionalSequenceLSTMOptions::create(
                fbb,
                &fb::UnidirectionalSequenceLSTMOptionsArgs {
                    fused_activation_function: act,
                    cell_clip,
                    time_major,
                    ..Default::default()
                },
            );
            (
                fb::BuiltinOptions::UnidirectionalSequenceLSTMOptions,
                Some(o.as_union_value()),
            )
        }
        Opt::TransposeConv {
            padding,
            stride,
            act,
        } => {
            let o = fb::TransposeConvOptions::create(
                fbb,
                &fb::TransposeConvOptionsArgs {
                    padding,
                    stride_h: stride.0,
                    stride_w: stride.1,
                    fused_activation_function: act,
                    ..Default::default()
                },
            );
            (
                fb::BuiltinOptions::TransposeConvOptions,
                Some(o.as_union_value()),
            )
        }
        Opt::Resize(align_corners, half_pixel_centers) => {
            let o = fb::ResizeNearestNeighborOptions::create(
                fbb,
                &fb::ResizeNearestNeighborOptionsArgs {
                    align_corners,
                    half_pixel_centers,
                },
            );
            (
                fb::BuiltinOptions::ResizeNearestNeighborOptions,
                Some(o.as_union_value()),
            )
        }
    }
}

/// No fused activation.
pub(crate) const NONE: fb::ActivationFunctionType = fb::ActivationFunctionType::NONE;
/// A fused RELU.
pub(crate) const RELU: fb::ActivationFunctionType = fb::ActivationFunctionType::RELU;
/// A fused RELU6.
pub(crate) const RELU6: fb::ActivationFunctionType = fb::ActivationFunctionType::RELU6;
/// `same` padding.
pub(crate) const SAME: fb::Padding = fb::Padding::SAME;
/// `valid` padding.
pub(crate) const VALID: fb::Padding = fb::Padding::VALID;

/// Imports `bytes`, which must succeed.
pub(crate) fn ok(bytes: &[u8]) -> crate::Imported {
    match crate::import(bytes, "test.tflite", "Test") {
        Ok(imported) => imported,
        Err(e) => panic!("import failed: {e}"),
    }
}

/// Imports `bytes`, which must fail; returns the message.
pub(crate) fn err(bytes: &[u8]) -> String {
    match crate::import(bytes, "test.tflite", "Test") {
        Ok(imported) => panic!("import succeeded:\n{}", imported.source),
        Err(e) => e.to_string(),
    }
}
