#!/usr/bin/env python3
"""Build the project's own model zoo: small Keras models written the way
tutorials write them, each exported to TFLite and run by the reference
interpreters, into tests/zoo/models/<name>/.

Run from the repository root (inside a venv with tools/requirements.txt):

    python3 tools/make_zoo.py            # every model
    python3 tools/make_zoo.py gap        # only some

For each model it writes
  model_f32.tflite    float32 (converter defaults)
  model_int8.tflite   full-integer int8 with int8 input and output
  inputs_f32.bin      N inputs, little-endian f32, row-major
  outputs_f32.bin     tf.lite reference kernels (BUILTIN_REF) on them
  inputs_int8.bin     the same inputs quantized as TFLite's QUANTIZE does
  outputs_int8.bin    tflite-micro (TFLM's reference kernels) on those
  model_int8_fio.tflite  int8 with the converter's default float input and
                      output (QUANTIZE and DEQUANTIZE inside the model)
  outputs_int8_fio.bin   tflite-micro on it, fed inputs_f32.bin: f32
(only the float32 files for the models in F32_ONLY, which TFLM cannot run).
A model with several inputs or outputs has, per sample, each input (or
output) in turn, in the TFLite model's order.
Inputs and the representative data are synthesised from a fixed seed; the
weights are Keras' seeded initialisation (training is not needed to test
arithmetic). Never needed to build or test the Rust project: the outputs
are committed, and tests/zoo imports and checks them.
"""

import os

os.environ["TF_DETERMINISTIC_OPS"] = "1"
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
os.environ["CUDA_VISIBLE_DEVICES"] = ""

import pathlib  # noqa: E402
import sys  # noqa: E402

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf_keras  # noqa: E402  (Keras 2: the LSTM models, see lstm_sequence)
from tflite_micro.python.tflite_micro import runtime as tflm_runtime  # noqa: E402

keras = tf.keras
REPO = pathlib.Path(__file__).resolve().parent.parent
ZOO = REPO / "tests" / "zoo" / "models"
SAMPLES = 8
# Models with an operator TFLM lacks (TILE): exported float32 only.
F32_ONLY = {"repeat_vector"}


def gap():
    """Conv2D → GlobalAveragePooling2D (TFLite MEAN) → Dense, no fixed batch."""
    inputs = keras.Input(shape=(8, 8, 3))
    x = keras.layers.Conv2D(6, 3, activation="relu")(inputs)
    x = keras.layers.GlobalAveragePooling2D()(x)
    outputs = keras.layers.Dense(4)(x)
    return keras.Model(inputs, outputs)


def gap_keepdims():
    """GlobalAveragePooling2D(keepdims=True) (MEAN with keep_dims) → Flatten → Dense."""
    inputs = keras.Input(shape=(6, 5, 4))
    x = keras.layers.DepthwiseConv2D(3, padding="same")(inputs)
    x = keras.layers.GlobalAveragePooling2D(keepdims=True)(x)
    x = keras.layers.Flatten()(x)
    outputs = keras.layers.Dense(3, activation="softmax")(x)
    return keras.Model(inputs, outputs)


def flatten():
    """The classic tutorial CNN: Conv2D → MaxPooling2D → Flatten → Dense, with
    an unfixed batch size (Flatten becomes SHAPE → STRIDED_SLICE → PACK →
    RESHAPE, folded at import)."""
    inputs = keras.Input(shape=(10, 10, 2))
    x = keras.layers.Conv2D(4, 3, activation="relu")(inputs)
    x = keras.layers.MaxPooling2D(2)(x)
    x = keras.layers.Flatten()(x)
    outputs = keras.layers.Dense(5, activation="softmax")(x)
    return keras.Model(inputs, outputs)


def conv1d_imu():
    """An accelerometer classifier: Conv1D → MaxPooling1D → Conv1D (same,
    stride 2) → GlobalAveragePooling1D (TFLite MEAN over the steps) → Dense.
    Each 1-D layer becomes EXPAND_DIMS → CONV_2D/MAX_POOL_2D → SQUEEZE."""
    inputs = keras.Input(shape=(64, 3))
    x = keras.layers.Conv1D(8, 5, activation="relu")(inputs)
    x = keras.layers.MaxPooling1D(2)(x)
    x = keras.layers.Conv1D(8, 3, padding="same", strides=2, activation="relu")(x)
    x = keras.layers.GlobalAveragePooling1D()(x)
    outputs = keras.layers.Dense(4, activation="softmax")(x)
    return keras.Model(inputs, outputs)


def conv1d_stream():
    """A gesture classifier written to run frame by frame (`tinyml import
    --stream`): Conv1D → MaxPooling1D → Conv1D (stride 2) → GlobalAveragePooling1D
    → Dense, every layer over time with padding="valid" so that no output
    looks past the newest frame."""
    inputs = keras.Input(shape=(40, 3))
    x = keras.layers.Conv1D(8, 5, activation="relu")(inputs)
    x = keras.layers.MaxPooling1D(2)(x)
    x = keras.layers.Conv1D(8, 3, strides=2, activation="relu")(x)
    x = keras.layers.GlobalAveragePooling1D()(x)
    outputs = keras.layers.Dense(4, activation="softmax")(x)
    return keras.Model(inputs, outputs)


def separable_conv1d():
    """SeparableConv1D (a depthwise then a pointwise convolution, depth
    multiplier 2) → AveragePooling1D → Flatten → Dense."""
    inputs = keras.Input(shape=(24, 4))
    x = keras.layers.SeparableConv1D(6, 3, depth_multiplier=2, activation="relu")(inputs)
    x = keras.layers.AveragePooling1D(2)(x)
    x = keras.layers.Flatten()(x)
    outputs = keras.layers.Dense(3)(x)
    return keras.Model(inputs, outputs)


def conv1d_same():
    """padding="same" with odd kernels and strides everywhere: Conv1D,
    MaxPooling1D, DepthwiseConv1D, AveragePooling1D (padding not counted)."""
    inputs = keras.Input(shape=(21, 2))
    x = keras.layers.Conv1D(4, 5, strides=2, padding="same", activation="relu6")(inputs)
    x = keras.layers.MaxPooling1D(3, strides=2, padding="same")(x)
    x = keras.layers.DepthwiseConv1D(3, padding="same", activation="relu")(x)
    x = keras.layers.AveragePooling1D(3, strides=2, padding="same")(x)
    x = keras.layers.Flatten()(x)
    outputs = keras.layers.Dense(3, activation="softmax")(x)
    return keras.Model(inputs, outputs)


def normalization():
    """A Keras `Normalization` layer adapted to the features (TFLite SUB then
    MUL by per-feature constants) in front of an MLP."""
    rng = np.random.default_rng(3)
    features = rng.normal(size=(256, 6)) * [0.2, 0.5, 1.0, 0.3, 0.8, 0.4] + [0.5, -0.3, 0.1, 0.0, 0.2, -0.6]
    norm = keras.layers.Normalization()
    norm.adapt(features.astype(np.float32))
    inputs = keras.Input(shape=(6,))
    x = norm(inputs)
    x = keras.layers.Dense(8, activation="relu")(x)
    outputs = keras.layers.Dense(3, activation="softmax")(x)
    return keras.Model(inputs, outputs)


def batchnorm_input():
    """BatchNormalization as the first layer (nothing to fold it into: TFLite
    MUL then ADD by per-channel constants), then a small CNN."""
    inputs = keras.Input(shape=(8, 8, 2))
    bn = keras.layers.BatchNormalization()
    x = bn(inputs)
    bn.set_weights([
        np.array([1.5, 0.5], np.float32),   # gamma
        np.array([0.1, -0.2], np.float32),  # beta
        np.array([0.2, -0.1], np.float32),  # moving mean
        np.array([0.5, 2.0], np.float32),   # moving variance
    ])
    x = keras.layers.Conv2D(4, 3, activation="relu")(x)
    x = keras.layers.Flatten()(x)
    outputs = keras.layers.Dense(3)(x)
    return keras.Model(inputs, outputs)


def merge_ops():
    """Two Dense branches merged by Multiply, Subtract, Maximum and Minimum."""
    inputs = keras.Input(shape=(8,))
    a = keras.layers.Dense(6, activation="relu")(inputs)
    b = keras.layers.Dense(6)(inputs)
    product = keras.layers.Multiply()([a, b])
    difference = keras.layers.Subtract()([a, b])
    x = keras.layers.Maximum()([product, difference])
    x = keras.layers.Minimum()([x, b])
    outputs = keras.layers.Dense(3)(x)
    return keras.Model(inputs, outputs)


def concat_branches():
    """An Inception-style block: two convolutions concatenated on channels."""
    inputs = keras.Input(shape=(8, 8, 2))
    a = keras.layers.Conv2D(3, 3, padding="same", activation="relu")(inputs)
    b = keras.layers.Conv2D(5, 1, activation="relu")(inputs)
    x = keras.layers.Concatenate()([a, b])
    x = keras.layers.Conv2D(4, 1)(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    outputs = keras.layers.Dense(3, activation="softmax")(x)
    return keras.Model(inputs, outputs)


def squeeze_excite():
    """A squeeze-and-excitation block: the channel weights [1, 1, C]
    broadcast over the image by Multiply."""
    inputs = keras.Input(shape=(6, 6, 3))
    x = keras.layers.Conv2D(8, 3, padding="same", activation="relu")(inputs)
    s = keras.layers.GlobalAveragePooling2D()(x)
    s = keras.layers.Dense(2, activation="relu")(s)
    s = keras.layers.Dense(8, activation="relu")(s)
    s = keras.layers.Reshape((1, 1, 8))(s)
    x = keras.layers.Multiply()([x, s])
    x = keras.layers.Flatten()(x)
    outputs = keras.layers.Dense(4)(x)
    return keras.Model(inputs, outputs)


def sigmoid_binary():
    """A binary classifier: Dense(16, relu) → Dense(1, sigmoid) (LOGISTIC)."""
    inputs = keras.Input(shape=(10,))
    x = keras.layers.Dense(16, activation="relu")(inputs)
    outputs = keras.layers.Dense(1, activation="sigmoid")(x)
    return keras.Model(inputs, outputs)


def tanh_mlp():
    """Dense(8, tanh) (TANH) → Dense(3)."""
    inputs = keras.Input(shape=(6,))
    x = keras.layers.Dense(8, activation="tanh")(inputs)
    outputs = keras.layers.Dense(3)(x)
    return keras.Model(inputs, outputs)


def leaky_conv():
    """Conv2D → LeakyReLU() (LEAKY_RELU, Keras' default slope) → Flatten → Dense."""
    inputs = keras.Input(shape=(6, 6, 2))
    x = keras.layers.Conv2D(4, 3)(inputs)
    x = keras.layers.LeakyReLU()(x)
    x = keras.layers.Flatten()(x)
    outputs = keras.layers.Dense(3)(x)
    return keras.Model(inputs, outputs)


def hard_swish():
    """Conv2D → Activation("hard_swish") (HARD_SWISH, MobileNetV3's) → GlobalAveragePooling2D → Dense."""
    inputs = keras.Input(shape=(6, 6, 2))
    x = keras.layers.Conv2D(4, 3)(inputs)
    x = keras.layers.Activation("hard_swish")(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    outputs = keras.layers.Dense(3)(x)
    return keras.Model(inputs, outputs)


def sensor_fusion():
    """Two sensors in (accelerometer and gyroscope windows), a Conv1D branch
    each, concatenated; two heads out: an activity class and an anomaly
    score."""
    accel = keras.Input(shape=(16, 3), name="accel")
    gyro = keras.Input(shape=(16, 3), name="gyro")
    a = keras.layers.Conv1D(4, 3, activation="relu")(accel)
    a = keras.layers.GlobalAveragePooling1D()(a)
    g = keras.layers.Conv1D(4, 3, activation="relu")(gyro)
    g = keras.layers.GlobalAveragePooling1D()(g)
    x = keras.layers.Concatenate()([a, g])
    x = keras.layers.Dense(8, activation="relu")(x)
    activity = keras.layers.Dense(3, activation="softmax", name="activity")(x)
    anomaly = keras.layers.Dense(1, name="anomaly")(x)
    return keras.Model([accel, gyro], [activity, anomaly])


def global_max_pool():
    """GlobalMaxPooling2D (TFLite REDUCE_MAX over height and width) after a
    small CNN."""
    inputs = keras.Input(shape=(12, 12, 3))
    x = keras.layers.Conv2D(8, 3, padding="same", activation="relu")(inputs)
    x = keras.layers.MaxPooling2D()(x)
    x = keras.layers.Conv2D(8, 3, padding="same", activation="relu")(x)
    x = keras.layers.GlobalMaxPooling2D()(x)
    outputs = keras.layers.Dense(4, activation="softmax")(x)
    return keras.Model(inputs, outputs)


def vibration_gmp1d():
    """A vibration classifier: strided Conv1D, SeparableConv1D, then
    GlobalMaxPooling1D (REDUCE_MAX over the steps)."""
    inputs = keras.Input(shape=(64, 1))
    x = keras.layers.Conv1D(8, 7, strides=2, padding="same", activation="relu")(inputs)
    x = keras.layers.SeparableConv1D(8, 5, padding="same", activation="relu")(x)
    x = keras.layers.GlobalMaxPooling1D()(x)
    outputs = keras.layers.Dense(2, activation="softmax")(x)
    return keras.Model(inputs, outputs)


def swish_conv():
    """Conv2D with activation="swish" (TFLite LOGISTIC then MUL of two
    tensors), as EfficientNet-style models write it."""
    inputs = keras.Input(shape=(8, 8, 3))
    x = keras.layers.Conv2D(8, 3, activation="swish")(inputs)
    x = keras.layers.GlobalAveragePooling2D()(x)
    outputs = keras.layers.Dense(2)(x)
    return keras.Model(inputs, outputs)


def cropping():
    """Conv2D → Cropping2D (STRIDED_SLICE; unequal crops top/bottom and
    left/right) → Conv2D → Flatten → Dense."""
    inputs = keras.Input(shape=(8, 8, 2))
    x = keras.layers.Conv2D(4, 3, activation="relu")(inputs)
    x = keras.layers.Cropping2D(((1, 0), (1, 2)))(x)
    x = keras.layers.Conv2D(3, 2, activation="relu")(x)
    x = keras.layers.Flatten()(x)
    outputs = keras.layers.Dense(3, activation="softmax")(x)
    return keras.Model(inputs, outputs)


def cropping1d():
    """Conv1D → Cropping1D((1, 2)) (STRIDED_SLICE on [steps, channels]) →
    GlobalAveragePooling1D → Dense."""
    inputs = keras.Input(shape=(16, 3))
    x = keras.layers.Conv1D(4, 3, activation="relu")(inputs)
    x = keras.layers.Cropping1D((1, 2))(x)
    x = keras.layers.GlobalAveragePooling1D()(x)
    outputs = keras.layers.Dense(3, activation="softmax")(x)
    return keras.Model(inputs, outputs)


def split_heads():
    """A Dense output split in two halves (keras.ops.split: SPLIT) gated as a
    GLU (Multiply by a sigmoid), and unevenly (SPLIT_V) into parts joined
    back in swapped order by Concatenate; two Dense heads added."""
    inputs = keras.Input(shape=(6,))
    x = keras.layers.Dense(8, activation="relu")(inputs)
    value, gate = keras.ops.split(x, 2, axis=-1)
    glu = keras.layers.Multiply()([value, keras.layers.Activation("sigmoid")(gate)])
    head, tail = keras.ops.split(x, [3], axis=-1)
    swapped = keras.layers.Concatenate()([tail, head])
    outputs = keras.layers.Add()([keras.layers.Dense(3)(glu), keras.layers.Dense(3)(swapped)])
    return keras.Model(inputs, outputs)


def permute():
    """Conv1D on [steps, channels] → Permute((2, 1)) (TRANSPOSE) → Flatten →
    Dense: the features read channel-major."""
    inputs = keras.Input(shape=(10, 3))
    x = keras.layers.Conv1D(4, 3, activation="relu")(inputs)
    x = keras.layers.Permute((2, 1))(x)
    x = keras.layers.Flatten()(x)
    outputs = keras.layers.Dense(3, activation="softmax")(x)
    return keras.Model(inputs, outputs)


def repeat_vector():
    """Dense → RepeatVector(4) (EXPAND_DIMS then TILE) → Conv1D → Flatten →
    Dense, as a sequence-to-sequence tutorial repeats its encoding for the
    decoder. f32 only: TFLM has no TILE kernel, so no int8 reference exists."""
    inputs = keras.Input(shape=(5,))
    x = keras.layers.Dense(3, activation="relu")(inputs)
    x = keras.layers.RepeatVector(4)(x)
    x = keras.layers.Conv1D(2, 2, activation="relu")(x)
    x = keras.layers.Flatten()(x)
    outputs = keras.layers.Dense(2)(x)
    return keras.Model(inputs, outputs)


def zero_padding():
    """MobileNet's stem: ZeroPadding2D(((0, 1), (0, 1))) (PAD) before a
    stride-2 valid Conv2D, then GlobalAveragePooling2D → Dense."""
    inputs = keras.Input(shape=(15, 15, 1))
    x = keras.layers.ZeroPadding2D(((0, 1), (0, 1)))(inputs)
    x = keras.layers.Conv2D(8, 3, strides=2, padding="valid", activation="relu")(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    outputs = keras.layers.Dense(3)(x)
    return keras.Model(inputs, outputs)


def zero_padding1d():
    """ZeroPadding1D((1, 2)) (PAD of the steps) before a valid Conv1D, then
    GlobalAveragePooling1D → Dense."""
    inputs = keras.Input(shape=(16, 2))
    x = keras.layers.ZeroPadding1D((1, 2))(inputs)
    x = keras.layers.Conv1D(4, 3, activation="relu")(x)
    x = keras.layers.GlobalAveragePooling1D()(x)
    outputs = keras.layers.Dense(3)(x)
    return keras.Model(inputs, outputs)


def upsampling_decoder():
    """A convolutional autoencoder decoding by upsampling: Conv2D(strides 2)
    → Conv2D(strides 2) → upsample → Conv2D → upsample → Conv2D(1,
    sigmoid). Keras 3's UpSampling2D writes a repeat (EXPAND_DIMS → TILE →
    RESHAPE) that TensorFlow Lite Micro cannot run, so the decoder upsamples
    with Resizing(nearest) to twice the size: RESIZE_NEAREST_NEIGHBOR with
    half-pixel centres, what Keras 2's UpSampling2D wrote."""
    inputs = keras.Input(shape=(16, 16, 1))
    x = keras.layers.Conv2D(4, 3, strides=2, padding="same", activation="relu")(inputs)
    x = keras.layers.Conv2D(8, 3, strides=2, padding="same", activation="relu")(x)
    x = keras.layers.Resizing(8, 8, interpolation="nearest")(x)
    x = keras.layers.Conv2D(4, 3, padding="same", activation="relu")(x)
    x = keras.layers.Resizing(16, 16, interpolation="nearest")(x)
    outputs = keras.layers.Conv2D(1, 3, padding="same", activation="sigmoid")(x)
    return keras.Model(inputs, outputs)


def conv_autoencoder():
    """The convolutional autoencoder of the anomaly-detection and denoising
    tutorials: Conv2D(strides 2) twice, then Conv2DTranspose(strides 2)
    twice (TRANSPOSE_CONV, its output shape computed from SHAPE with an
    unfixed batch) and a Conv2D(1, sigmoid) back to the image."""
    inputs = keras.Input(shape=(16, 16, 1))
    x = keras.layers.Conv2D(4, 3, strides=2, padding="same", activation="relu")(inputs)
    x = keras.layers.Conv2D(8, 3, strides=2, padding="same", activation="relu")(x)
    x = keras.layers.Conv2DTranspose(8, 3, strides=2, padding="same", activation="relu")(x)
    x = keras.layers.Conv2DTranspose(4, 3, strides=2, padding="same", activation="relu")(x)
    outputs = keras.layers.Conv2D(1, 3, padding="same", activation="sigmoid")(x)
    return keras.Model(inputs, outputs)


def lstm_sequence():
    """A sequence classifier as TFLM's mnist_lstm example writes it:
    LSTM(8, return_sequences=True) (UNIDIRECTIONAL_SEQUENCE_LSTM) → Flatten
    → Dense(3, softmax). The converter fuses a Keras LSTM into one operator
    only from Keras 2 (`tf_keras`, whose LSTM carries the fusion annotation;
    Keras 3's becomes a WHILE loop) and only with a fixed batch of 1, as that
    example's own train.py sets it."""
    inputs = tf_keras.Input(shape=(10, 4), batch_size=1)
    x = tf_keras.layers.LSTM(8, return_sequences=True)(inputs)
    x = tf_keras.layers.Flatten()(x)
    outputs = tf_keras.layers.Dense(3, activation="softmax")(x)
    return tf_keras.Model(inputs, outputs)


def lstm_last():
    """LSTM(6) with Keras' default return_sequences=False (the fused LSTM,
    then a STRIDED_SLICE of the last step) → Dense(2); as `lstm_sequence`,
    from Keras 2 with a batch of 1."""
    inputs = tf_keras.Input(shape=(7, 3), batch_size=1)
    x = tf_keras.layers.LSTM(6)(inputs)
    outputs = tf_keras.layers.Dense(2)(x)
    return tf_keras.Model(inputs, outputs)


MODELS = {
    "gap": gap,
    "gap_keepdims": gap_keepdims,
    "flatten": flatten,
    "conv1d_imu": conv1d_imu,
    "conv1d_stream": conv1d_stream,
    "separable_conv1d": separable_conv1d,
    "conv1d_same": conv1d_same,
    "normalization": normalization,
    "batchnorm_input": batchnorm_input,
    "merge_ops": merge_ops,
    "concat_branches": concat_branches,
    "squeeze_excite": squeeze_excite,
    "sigmoid_binary": sigmoid_binary,
    "tanh_mlp": tanh_mlp,
    "leaky_conv": leaky_conv,
    "hard_swish": hard_swish,
    "sensor_fusion": sensor_fusion,
    "global_max_pool": global_max_pool,
    "vibration_gmp1d": vibration_gmp1d,
    "swish_conv": swish_conv,
    "cropping": cropping,
    "cropping1d": cropping1d,
    "split_heads": split_heads,
    "permute": permute,
    "repeat_vector": repeat_vector,
    "zero_padding": zero_padding,
    "zero_padding1d": zero_padding1d,
    "upsampling_decoder": upsampling_decoder,
    "conv_autoencoder": conv_autoencoder,
    "lstm_sequence": lstm_sequence,
    "lstm_last": lstm_last,
}


def run_tflite(model_bytes, inputs):
    """TFLite's reference kernels on each sample; `inputs` is one array per
    model input (in the model's order), the result one per output."""
    interp = tf.lite.Interpreter(
        model_content=model_bytes,
        num_threads=1,
        experimental_op_resolver_type=tf.lite.experimental.OpResolverType.BUILTIN_REF,
    )
    interp.allocate_tensors()
    ins, outs = interp.get_input_details(), interp.get_output_details()
    res = [[] for _ in outs]
    for n in range(len(inputs[0])):
        for detail, x in zip(ins, inputs):
            interp.set_tensor(detail["index"], x[n][np.newaxis].astype(detail["dtype"]))
        # Each sample from a zero state: an LSTM's state is a variable tensor.
        interp.reset_all_variables()
        interp.invoke()
        for k, detail in enumerate(outs):
            res[k].append(interp.get_tensor(detail["index"])[0].copy())
    return [np.stack(r) for r in res]


def tflite_order(model_bytes, keras_names):
    """The positions of the Keras inputs in the TFLite model's input order
    (the order `tinyml import` and tflite-micro use)."""
    interp = tf.lite.Interpreter(model_content=model_bytes)
    order = []
    for detail in interp.get_input_details():
        name = detail["name"]
        matches = [k for k, n in enumerate(keras_names) if name in (f"serving_default_{n}:0", n)]
        order.append(matches[0] if matches else len(order))
    return order


def interleave(arrays):
    """Per sample, every array's values in turn: the files' layout for a
    model with several inputs or outputs."""
    return np.concatenate([a.reshape(len(a), -1) for a in arrays], axis=1)


def quantize(x, scale, zero_point):
    """TFLite's QUANTIZE: x / scale in f32, rounded half away from zero
    (std::round), plus the zero point, saturated to int8."""
    v = (x.astype(np.float32) / np.float32(scale)).astype(np.float64)
    q = np.sign(v) * np.floor(np.abs(v) + 0.5)
    return np.clip(q + zero_point, -128, 127).astype(np.int8)


def export(name, build):
    tf.keras.utils.set_random_seed(1234)
    model = build()
    rng = np.random.default_rng(7)
    keras_names = [t.name.split(":")[0] for t in model.inputs]
    data = [
        rng.uniform(-1.0, 1.0, size=(64, *t.shape[1:])).astype(np.float32)
        for t in model.inputs
    ]
    out = ZOO / name
    out.mkdir(parents=True, exist_ok=True)

    f32 = tf.lite.TFLiteConverter.from_keras_model(model).convert()
    order = tflite_order(f32, keras_names)
    data = [data[k] for k in order]
    inputs = [d[:SAMPLES] for d in data]
    representative = lambda: ([d[n][np.newaxis] for d in data] for n in range(len(data[0])))  # noqa: E731
    (out / "model_f32.tflite").write_bytes(f32)
    interleave(inputs).astype("<f4").tofile(out / "inputs_f32.bin")
    interleave(run_tflite(f32, inputs)).astype("<f4").tofile(out / "outputs_f32.bin")
    if name in F32_ONLY:
        print(f"{name}: {len(f32)} bytes of .tflite (f32 only), {SAMPLES} samples")
        return

    conv = tf.lite.TFLiteConverter.from_keras_model(model)
    conv.optimizations = [tf.lite.Optimize.DEFAULT]
    conv.representative_dataset = representative
    conv.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    conv.inference_input_type = tf.int8
    conv.inference_output_type = tf.int8
    int8 = conv.convert()
    (out / "model_int8.tflite").write_bytes(int8)
    tflm = tflm_runtime.Interpreter.from_bytes(int8)
    x_q = []
    for k, x in enumerate(inputs):
        q = tflm.get_input_details(k)["quantization_parameters"]
        x_q.append(quantize(x, float(q["scales"][0]), int(q["zero_points"][0])))
    interleave(x_q).tofile(out / "inputs_int8.bin")
    outputs = len(run_tflite(f32, [x[:1] for x in inputs]))
    results = []
    for n in range(SAMPLES):
        for k, x in enumerate(x_q):
            tflm.set_input(x[n][np.newaxis], k)
        tflm.reset()
        tflm.invoke()
        results.append(np.concatenate([np.array(tflm.get_output(k)).reshape(-1).astype(np.int8) for k in range(outputs)]))
    np.stack(results).tofile(out / "outputs_int8.bin")

    # The converter's default: int8 layers, float input and output.
    conv = tf.lite.TFLiteConverter.from_keras_model(model)
    conv.optimizations = [tf.lite.Optimize.DEFAULT]
    conv.representative_dataset = representative
    fio = conv.convert()
    (out / "model_int8_fio.tflite").write_bytes(fio)
    tflm = tflm_runtime.Interpreter.from_bytes(fio)
    results = []
    for n in range(SAMPLES):
        for k, x in enumerate(inputs):
            tflm.set_input(x[n][np.newaxis].astype(np.float32), k)
        tflm.reset()
        tflm.invoke()
        results.append(np.concatenate([np.array(tflm.get_output(k)).reshape(-1).astype(np.float32) for k in range(outputs)]))
    np.stack(results).astype("<f4").tofile(out / "outputs_int8_fio.bin")
    print(f"{name}: {len(f32)} + {len(int8)} bytes of .tflite, {SAMPLES} samples")


def main():
    names = sys.argv[1:] or list(MODELS)
    for name in names:
        export(name, MODELS[name])


if __name__ == "__main__":
    main()
