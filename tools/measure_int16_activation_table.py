#!/usr/bin/env python3
"""Measures the 256-entry logistic table behind tflite-micro's int16 LOGISTIC
and TANH (the activations of TFLM's integer LSTM), instead of copying it.

Both kernels rescale an int16 input to `input_data` (`input_multiplier`,
`input_left_shift` from their Prepare), split `|input_data|` into a table
index `uh` and a fraction `ut` (9 fractional bits for LOGISTIC, 8 for TANH),
interpolate between `table[uh]` and `table[uh + 1]` and round to Q0.15. So
every output constrains two neighbouring entries. For many input scales
(the LSTM's own among them) a one-layer Keras model is converted with 16x8
quantization and tflite-micro runs every int16 input through it; the script
then keeps, for each entry, the candidates near `65536 · sigmoid(i / 24)`
consistent with every output, checks that the resulting table reproduces
every observation, and writes

* tinyml-kernels/src/int8/quant/int16_sigmoid_table.rs: the table;
* tinyml-kernels/src/int8/quant/golden/int16_activation.bin: tflite-micro's
  outputs for every 7th int16 input at the rescales of GOLDEN, which the
  kernel crate's unit tests compare with `logistic_i16`/`tanh_i16`. Per
  series: op (u8: 0 logistic, 1 tanh), input_multiplier (i32 LE),
  input_left_shift (i32 LE), the output for input -32768 (i16 LE), then
  one u8 per further input (-32761, -32754, …): the output's increase
  since the previous one (both functions are nondecreasing).

Run from the repository root with the venv of tools/requirements.txt (plus
the tf-keras of tools/README.md):

    python3 tools/measure_int16_activation_table.py
"""

import os

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
os.environ["CUDA_VISIBLE_DEVICES"] = ""

import importlib.metadata  # noqa: E402
import math  # noqa: E402
import pathlib  # noqa: E402
import struct  # noqa: E402

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from tflite_micro.python.tflite_micro import runtime as tflm_runtime  # noqa: E402

keras = tf.keras
REPO = pathlib.Path(__file__).resolve().parent.parent
QUANT = REPO / "tinyml-kernels" / "src" / "int8" / "quant"
TABLE_OUT = QUANT / "int16_sigmoid_table.rs"
GOLDEN_OUT = QUANT / "golden" / "int16_activation.bin"

OPS = ("logistic", "tanh")
# Both kernels' table step in `input_data`: 2^9 (LOGISTIC), 2^8 (TANH).
FRACTION_BITS = {"logistic": 9, "tanh": 8}

# Input scales as the factor `scale · 3 · 4096` that Prepare turns into
# `input_data ≈ factor · x`: the powers of two 2^-13..2^-10 (2^-12 is the
# LSTM's gates, Q3.12; 2^-11 a cell state, whose TANH rescale is "3 << 1"),
# and irregular factors from 0.9 to 5.6, whose rescales round and reach
# every fraction of every table interval (LOGISTIC needs a factor near 4 to
# reach the last interval, TANH near 2).
POWER_OF_TWO_FACTORS = [1.5, 3.0, 6.0, 12.0]
IRREGULAR_FACTORS = [round(0.9 + 0.1913 * k, 4) for k in range(25)]
# The rescales whose outputs the Rust tests compare, every STRIDE-th input.
GOLDEN = [("logistic", 3.0), ("logistic", 4.0130), ("tanh", 3.0), ("tanh", 6.0), ("tanh", 2.0378)]
STRIDE = 7

# Candidates per entry: this far either side of 65536 · sigmoid(i / 24). A
# surviving candidate at the edge of the window stops the script.
WINDOW = 8


def tflm_version():
    return importlib.metadata.version("tflite-micro")


def exact_table():
    return [65536.0 / (1.0 + math.exp(-i / 24.0)) for i in range(256)]


def checked_log2(scale):
    """TFLM's CheckedLog2 (float arithmetic): (rounded log2, is a power of two)."""
    x_log2 = np.float32(np.log(np.float32(scale))) * np.float32(1.0 / np.log(np.float32(2.0)))
    rounded = float(np.round(x_log2))
    return int(rounded), abs(float(x_log2) - rounded) < 1e-3


def prepare(op, scale):
    """TFLM's int16 Prepare (logistic_common.cc, tanh.cc): (multiplier, shift)."""
    log2, power_of_two = checked_log2(scale)
    shift = 12 + log2
    # LOGISTIC takes the power-of-two path for shift 0 only, TANH for 0 and 1.
    if power_of_two and shift in ((0,) if op == "logistic" else (0, 1)):
        return 0, shift
    multiplier = float(np.float32(scale)) * 4096.0 * 3.0
    shift = 0
    while multiplier <= 32767.0 / 2.0 and shift <= 30:
        shift += 1
        multiplier *= 2.0
    return int(multiplier), shift


def rescale(x, input_multiplier, input_left_shift):
    """The kernels' `input_data` for int16 inputs `x` (an int64 array)."""
    if input_multiplier == 0:
        input_multiplier, input_left_shift = 3 << input_left_shift, 0
    rounding = 1 << (input_left_shift - 1) if input_left_shift > 0 else 0
    return (x * input_multiplier + rounding) >> input_left_shift


def wrap(value, bits, signed):
    value = value % (1 << bits)
    return value - (1 << bits) * (value >= (1 << (bits - 1))) if signed else value


def interpolate(op, low, high, fraction, negative):
    """The kernels' output from an unsaturated interval (int64 arrays)."""
    if op == "logistic":
        result = wrap((low << 9) + fraction * wrap(high - low, 32, False), 32, False)
        result = np.where(negative, (1 << 25) - result + (1 << 9) - 1, result + (1 << 9))
        return wrap(wrap(result, 32, False) >> 10, 16, True)
    result = wrap((low << 8) + fraction * wrap(high - low, 32, False), 32, True)
    result = np.where(negative, -result + (1 << 23) + (1 << 7) - 1, result - (1 << 23) + (1 << 7))
    return wrap(wrap(result, 32, True) >> 8, 16, True)


def saturated(op, negative):
    if op == "logistic":
        return np.where(negative, ((1 << 25) - (0x7FFF << 10) + (1 << 9) - 1) >> 10, ((0x7FFF << 10) + (1 << 9)) >> 10)
    return np.where(negative, (-(0xFFFF << 8) + (1 << 23) + (1 << 7) - 1) >> 8, ((0xFFFF << 8) - (1 << 23) + (1 << 7)) >> 8)


def kernel(op, table, x, input_multiplier, input_left_shift):
    """The whole int16 kernel with a given table, for checking a solution."""
    table = np.asarray(table, dtype=np.int64)
    data = rescale(x, input_multiplier, input_left_shift)
    magnitude = np.abs(data)
    bits = FRACTION_BITS[op]
    index = magnitude >> bits
    inside = index < 255
    safe = np.where(inside, index, 0)
    out = interpolate(op, table[safe], table[safe + 1], magnitude & ((1 << bits) - 1), data < 0)
    return np.where(inside, out, saturated(op, data < 0))


def measure(op, factor):
    """tflite-micro's output for every int16 input at the scale of `factor`."""
    bound = factor / 12288.0 * 32767.0
    inputs = keras.Input(shape=(65536,))
    model = keras.Model(inputs, keras.layers.Activation("sigmoid" if op == "logistic" else "tanh")(inputs))
    data = np.linspace(-bound, bound, 65536, dtype=np.float32)[np.newaxis]
    converter = tf.lite.TFLiteConverter.from_keras_model(model)
    converter.optimizations = [tf.lite.Optimize.DEFAULT]
    converter.representative_dataset = lambda: iter([[data]])
    converter.target_spec.supported_ops = [tf.lite.OpsSet.EXPERIMENTAL_TFLITE_BUILTINS_ACTIVATIONS_INT16_WEIGHTS_INT8]
    converter.inference_input_type = tf.int16
    converter.inference_output_type = tf.int16
    tflm = tflm_runtime.Interpreter.from_bytes(converter.convert(), arena_size=1 << 20)
    qin = tflm.get_input_details(0)["quantization_parameters"]
    qout = tflm.get_output_details(0)["quantization_parameters"]
    assert int(qin["zero_points"][0]) == 0 and int(qout["zero_points"][0]) == 0
    assert float(qout["scales"][0]) == 2.0**-15, qout
    scale = float(qin["scales"][0])
    _, power_of_two = checked_log2(scale)
    # Every scale must be clearly a power of two or clearly not one.
    assert power_of_two == (factor in POWER_OF_TWO_FACTORS), (factor, scale)
    tflm.set_input(np.arange(-32768, 32768, dtype=np.int16)[np.newaxis], 0)
    tflm.invoke()
    out = np.array(tflm.get_output(0)).reshape(-1).astype(np.int64)
    return prepare(op, scale), out


def solve(observations):
    """The table entries consistent with every unsaturated observation."""
    # seen[op][index]: {(fraction, negative): output}.
    seen = {op: [{} for _ in range(255)] for op in OPS}
    x = np.arange(-32768, 32768, dtype=np.int64)
    for op, (multiplier, shift), out in observations:
        data = rescale(x, multiplier, shift)
        magnitude = np.abs(data)
        bits = FRACTION_BITS[op]
        for m, negative, y in zip(magnitude.tolist(), (data < 0).tolist(), out.tolist()):
            if m >> bits < 255:
                key = (m & ((1 << bits) - 1), negative)
                found = seen[op][m >> bits].setdefault(key, y)
                assert found == y, ("the rescale is not TFLM's", op, m, negative)
    exact = exact_table()
    candidates = [
        np.arange(max(0, round(e) - WINDOW), min(65535, round(e) + WINDOW) + 1, dtype=np.int64) for e in exact
    ]
    # allowed[i]: the (table[i], table[i + 1]) pairs consistent with interval i.
    allowed = []
    coverage = {op: 0 for op in OPS}
    for i in range(255):
        low, high = np.meshgrid(candidates[i], candidates[i + 1], indexing="ij")
        ok = np.ones(low.shape, dtype=bool)
        for op in OPS:
            keys = seen[op][i]
            coverage[op] += len({f for f, _ in keys})
            if not keys:
                continue
            fraction = np.array([f for f, _ in keys], dtype=np.int64)
            negative = np.array([n for _, n in keys])
            output = np.array(list(keys.values()), dtype=np.int64)
            predicted = interpolate(op, low[..., None], high[..., None], fraction, negative)
            ok &= (predicted == output).all(axis=-1)
        assert ok.any(), f"no candidates fit interval {i}"
        allowed.append(ok)
    # Arc consistency along the chain: then every surviving value is part of
    # some table consistent with every output.
    alive = [np.ones(len(c), dtype=bool) for c in candidates]
    while True:
        before = sum(int(a.sum()) for a in alive)
        for i in range(255):
            alive[i + 1] &= (allowed[i] & alive[i][:, None]).any(axis=0)
        for i in reversed(range(255)):
            alive[i] &= (allowed[i] & alive[i + 1][None, :]).any(axis=1)
        if sum(int(a.sum()) for a in alive) == before:
            break
    for i, c in enumerate(candidates):
        values = c[alive[i]]
        edge = {round(exact[i]) - WINDOW, round(exact[i]) + WINDOW} - {0, 65535}
        assert not (set(values.tolist()) & edge), f"widen WINDOW: entry {i} {values}"
    # Pick, entry by entry, the consistent value nearest the exact one (the
    # lower on a tie); arc consistency guarantees the rest still fits.
    table, ambiguous = [], {}
    for i, c in enumerate(candidates):
        ok = alive[i].copy()
        if i > 0:
            previous = int(np.flatnonzero(candidates[i - 1] == table[-1])[0])
            ok &= allowed[i - 1][previous]
        values = c[ok].tolist()
        pick = min(values, key=lambda v: (abs(v - exact[i]), v))
        if len(c[alive[i]]) > 1:
            ambiguous[i] = c[alive[i]].tolist()
        table.append(pick)
    covered = {op: coverage[op] / (255 << FRACTION_BITS[op]) for op in OPS}
    return table, ambiguous, covered


def write_table(table, ambiguous, covered, factors):
    rows = "\n".join("    " + " ".join(f"{v}," for v in table[r : r + 16]) for r in range(0, 256, 16))
    if ambiguous:
        choice = (
            "// Entries with several candidates consistent with every output (observationally\n"
            "// equivalent: no measured input tells them apart), each set to the one nearest\n"
            "// 65536 · sigmoid(i / 24), the lower on a tie:\n"
            + "".join(f"//   {i}: {values}\n" for i, values in ambiguous.items())
        )
    else:
        choice = "// Each entry is the only candidate consistent with every output.\n"
    TABLE_OUT.write_text(
        "// Generated by tools/measure_int16_activation_table.py; do not edit.\n"
        "//\n"
        f"// Measured, not copied: tflite-micro {tflm_version()} ran its int16 LOGISTIC\n"
        f"// and TANH on every int16 input at {len(factors)} input scales each, reaching\n"
        f"// {covered['logistic']:.3%} and {covered['tanh']:.3%} of their (interval, fraction) positions;\n"
        f"// the candidates were the integers within {WINDOW} of 65536 · sigmoid(i / 24).\n"
        + choice
        + "\n"
        "/// The logistic function at `i / 24` for `i` in `0..256`, in units of\n"
        "/// 2^-16 (the last saturated to 65535): the table between whose entries\n"
        "/// TFLM's int16 LOGISTIC and TANH interpolate.\n"
        "#[rustfmt::skip]\n"
        "pub(super) const SIGMOID_TABLE: [u32; 256] = [\n" + rows + "\n];\n"
    )


def write_golden(measured):
    blob = bytearray()
    for op, factor in GOLDEN:
        (multiplier, shift), out = measured[(op, factor)]
        sampled = out[::STRIDE]
        steps = np.diff(sampled)
        assert steps.min() >= 0 and steps.max() <= 255, (op, factor)
        blob += struct.pack("<Biih", OPS.index(op), multiplier, shift, int(sampled[0]))
        blob += bytes(steps.astype(np.uint8).tolist())
    GOLDEN_OUT.write_bytes(bytes(blob))


def main():
    factors = POWER_OF_TWO_FACTORS + IRREGULAR_FACTORS + [f for _, f in GOLDEN if f not in IRREGULAR_FACTORS]
    factors = sorted(set(factors))
    measured = {}
    for op in OPS:
        for factor in factors:
            measured[(op, factor)] = measure(op, factor)
            print(f"{op} at factor {factor}: rescale {measured[(op, factor)][0]}")
    table, ambiguous, covered = solve([(op, r, out) for (op, _), (r, out) in measured.items()])
    x = np.arange(-32768, 32768, dtype=np.int64)
    for (op, factor), ((multiplier, shift), out) in measured.items():
        assert (kernel(op, table, x, multiplier, shift) == out).all(), (op, factor)
    print(f"table reproduces all {len(measured)} runs; coverage {covered}; ambiguous {ambiguous}")
    write_table(table, ambiguous, covered, factors)
    write_golden(measured)


if __name__ == "__main__":
    main()
