#!/usr/bin/env python3
"""Golden tables of TFLite Micro's int8 element-wise activations: for each
activation and a few input ranges, a one-layer Keras model is converted to
full-integer int8, and tflite-micro (TFLM's reference kernels) runs it on
all 256 int8 inputs at once. Writes
tinyml-kernels/src/int8/quant/golden/activations.txt, one line per table:

    <op> <alpha> <input scale> <input zero point> <output scale> <output zero point> <256 outputs>

with scales and alpha as the hex bits of their f32, outputs as two hex
digits each (two's complement), for inputs -128, -127, …, 127. The kernel
crate's unit tests compare its arithmetic with every entry.

Run from the repository root with the venv of tools/requirements.txt:

    python3 tools/make_activation_tables.py
"""

import os

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
os.environ["CUDA_VISIBLE_DEVICES"] = ""

import pathlib  # noqa: E402

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from tflite_micro.python.tflite_micro import runtime as tflm_runtime  # noqa: E402

keras = tf.keras
REPO = pathlib.Path(__file__).resolve().parent.parent
OUT = REPO / "tinyml-kernels" / "src" / "int8" / "quant" / "golden" / "activations.txt"

# The ranges the representative data spans: each gives other input scales
# and zero points (a narrow one makes a large multiplier, a wide one
# saturates much of the table).
RANGES = [(-1.0, 1.0), (-8.0, 8.0), (-0.5, 3.0), (-20.0, 5.0), (-0.3, 0.4)]

ACTIVATIONS = [
    ("sigmoid", 0.0, lambda: keras.layers.Activation("sigmoid")),
    ("tanh", 0.0, lambda: keras.layers.Activation("tanh")),
    ("leaky_relu", 0.3, lambda: keras.layers.LeakyReLU(negative_slope=0.3)),
    ("leaky_relu", 0.01, lambda: keras.layers.LeakyReLU(negative_slope=0.01)),
    ("hard_swish", 0.0, lambda: keras.layers.Activation("hard_swish")),
]


def f32_bits(x):
    return f"{int(np.float32(x).view(np.uint32)):08x}"


def table(layer, lo, hi):
    inputs = keras.Input(shape=(256,))
    model = keras.Model(inputs, layer()(inputs))
    rng = np.random.default_rng(3)
    data = rng.uniform(lo, hi, size=(64, 256)).astype(np.float32)
    data[0, 0], data[0, 1] = lo, hi
    conv = tf.lite.TFLiteConverter.from_keras_model(model)
    conv.optimizations = [tf.lite.Optimize.DEFAULT]
    conv.representative_dataset = lambda: ([x[np.newaxis]] for x in data)
    conv.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    conv.inference_input_type = tf.int8
    conv.inference_output_type = tf.int8
    tflm = tflm_runtime.Interpreter.from_bytes(conv.convert())
    qin = tflm.get_input_details(0)["quantization_parameters"]
    qout = tflm.get_output_details(0)["quantization_parameters"]
    tflm.set_input(np.arange(-128, 128, dtype=np.int8)[np.newaxis], 0)
    tflm.invoke()
    out = np.array(tflm.get_output(0)).reshape(-1).astype(np.int8)
    return qin, qout, out


def main():
    lines = []
    for name, alpha, layer in ACTIVATIONS:
        for lo, hi in RANGES:
            qin, qout, out = table(layer, lo, hi)
            fields = [
                name,
                f32_bits(alpha),
                f32_bits(qin["scales"][0]),
                str(int(qin["zero_points"][0])),
                f32_bits(qout["scales"][0]),
                str(int(qout["zero_points"][0])),
                "".join(f"{int(v) & 0xFF:02x}" for v in out),
            ]
            lines.append(" ".join(fields))
            print(f"{name} alpha {alpha} on [{lo}, {hi}]: input {fields[2]} {fields[3]}, output {fields[4]} {fields[5]}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
