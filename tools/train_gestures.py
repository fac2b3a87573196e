#!/usr/bin/env python3
"""Train the streaming gesture example (examples/streaming.rs): a Conv1D
classifier of 3-axis accelerometer windows (40 frames at 50 Hz, in g) into
rest, shake and tap, on synthetic data, exported as full-integer int8
TFLite into examples/gestures/gestures_int8.tflite.

Run from the repository root in the venv of tools/README.md:

    python3 tools/train_gestures.py
    cargo run -p tinyml-cli -- import examples/gestures/gestures_int8.tflite \
        --name Gestures --out examples/gestures/int8 --stream

Every layer over time has padding="valid", so the model streams: its
output after a window's last frame equals predict over the window.
"""

import os

os.environ["TF_DETERMINISTIC_OPS"] = "1"
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
os.environ["CUDA_VISIBLE_DEVICES"] = ""

import pathlib  # noqa: E402

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

keras = tf.keras
OUT = pathlib.Path(__file__).resolve().parent.parent / "examples" / "gestures"
STEPS, RATE = 40, 50.0
CLASSES = ["rest", "shake", "tap"]


def window(kind, rng):
    """One window of [STEPS, 3] accelerations in g: gravity on z, sensor
    noise, and the gesture (a 4–8 Hz shake along x and y, or a tap: a
    2-frame spike on z somewhere in the last half)."""
    t = np.arange(STEPS) / RATE
    x = rng.normal(0.0, 0.03, size=(STEPS, 3))
    x[:, 2] += 1.0
    x += rng.normal(0.0, 0.05, size=3)  # the board's tilt
    if kind == 1:
        f, a, phase = rng.uniform(4.0, 8.0), rng.uniform(0.6, 1.5), rng.uniform(0, 2 * np.pi)
        x[:, 0] += a * np.sin(2 * np.pi * f * t + phase)
        x[:, 1] += 0.5 * a * np.cos(2 * np.pi * f * t + phase)
    elif kind == 2:
        at = rng.integers(STEPS // 2, STEPS - 3)
        x[at : at + 2, 2] += rng.uniform(1.5, 3.0)
        x[at + 2, 2] -= rng.uniform(0.3, 0.8)
    return x.astype(np.float32)


def data(n, rng):
    labels = rng.integers(0, len(CLASSES), size=n)
    return np.stack([window(k, rng) for k in labels]), labels


def main():
    tf.keras.utils.set_random_seed(1234)
    rng = np.random.default_rng(7)
    x, y = data(3000, rng)
    x_test, y_test = data(300, rng)
    inputs = keras.Input(shape=(STEPS, 3))
    h = keras.layers.Conv1D(8, 5, activation="relu")(inputs)
    h = keras.layers.MaxPooling1D(2)(h)
    h = keras.layers.Conv1D(16, 3, strides=2, activation="relu")(h)
    h = keras.layers.GlobalAveragePooling1D()(h)
    outputs = keras.layers.Dense(len(CLASSES), activation="softmax")(h)
    model = keras.Model(inputs, outputs)
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=15, batch_size=32, verbose=0)
    _, accuracy = model.evaluate(x_test, y_test, verbose=0)
    print(f"held-out accuracy (Keras f32): {accuracy:.3f}")

    conv = tf.lite.TFLiteConverter.from_keras_model(model)
    conv.optimizations = [tf.lite.Optimize.DEFAULT]
    conv.representative_dataset = lambda: ([s[np.newaxis]] for s in x[:300])
    conv.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    conv.inference_input_type = tf.int8
    conv.inference_output_type = tf.int8
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "gestures_int8.tflite").write_bytes(conv.convert())


if __name__ == "__main__":
    main()
