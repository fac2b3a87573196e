"""Writes the small weight files that tests/ui/ compiles against.

Values are a deterministic pseudo-random pattern in [-1, 1): the UI tests
check compilation, not numbers. Run from the repository root:
    python3 tools/make_test_weights.py
"""
import struct
from pathlib import Path

OUT = Path("tests/ui/weights_data")
# The DSL reference's doctests use the small files; they live inside the
# `tinyml` crate so the crate's docs build on their own.
DOC_OUT = Path("tinyml/src/docs/weights")
DOC_FILES = ["conv_4x3x3x2.bin", "bias_4.bin", "dw_1x3x3x8.bin", "bias_8.bin", "dense_2x4.bin", "bias_2.bin"]

# name -> chosen values, for tests and doctests that check exact outputs.
EXACT = {
    # conv1d(2, 3) on 1 channel: a difference filter and a sum filter.
    "conv1d_2x3x1.bin": [1.0, 0.0, -1.0, 1.0, 1.0, 1.0],
    # depthwise_conv1d(2) on 2 channels ([1][K][C]): channel 0 sums two
    # steps, channel 1 takes the later one.
    "dw1d_1x2x2.bin": [1.0, 0.0, 1.0, 1.0],
    "zeros_2.bin": [0.0, 0.0],
    # conv2d_transpose(1, 2x2, stride = 2) on 1 channel: each pixel's block.
    "tconv_1x2x2x1.bin": [1.0, 2.0, 3.0, 4.0],
    "half_1.bin": [0.5],
    # lstm(1) on 1 feature: Keras' kernel [1][4] (gates i, f, c, o) over its
    # recurrent kernel [1][4]; the bias with Keras' unit_forget_bias.
    "lstm_2x4.bin": [0.5, -0.25, 1.0, 0.75, 0.1, 0.2, -0.3, 0.4],
    "lstm_bias_4.bin": [0.0, 1.0, 0.0, 0.0],
}

# name -> number of f32 values
FILES = {
    # The card's model: input[49,10,1] -> conv2d(8,3x3) -> relu -> dense(4).
    "card.bin": 8 * 3 * 3 * 1 + 8 + 4 * (47 * 8 * 8) + 4,
    # A conv2d(4, 3x3) on 2 channels, per-layer files.
    "conv_4x3x3x2.bin": 4 * 3 * 3 * 2,
    "bias_4.bin": 4,
    "dw_1x3x3x8.bin": 3 * 3 * 8,
    "bias_8.bin": 8,
    "dense_3x8.bin": 3 * 8,
    "bias_3.bin": 3,
    "dense_2x4.bin": 2 * 4,
    "bias_2.bin": 2,
    # A weight too large for I4F4 (range -8..7.9375) at index 5.
    "too_large_for_i4f4.bin": 4,
}


def pattern(n, seed):
    state = seed
    for _ in range(n):
        state = (1103515245 * state + 12345) % (1 << 31)
        yield (state / (1 << 30)) - 1.0


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for seed, (name, count) in enumerate(sorted(FILES.items()), start=1):
        values = list(pattern(count, seed))
        if name == "too_large_for_i4f4.bin":
            values[3] = 9.5
        (OUT / name).write_bytes(struct.pack(f"<{count}f", *values))
    for name, values in EXACT.items():
        (OUT / name).write_bytes(struct.pack(f"<{len(values)}f", *values))
    DOC_OUT.mkdir(parents=True, exist_ok=True)
    for name in DOC_FILES + list(EXACT):
        (DOC_OUT / name).write_bytes((OUT / name).read_bytes())
    # A file whose length is not a multiple of 4.
    (OUT / "odd_length.bin").write_bytes(bytes(7))
    # NaN at index 1.
    (OUT / "has_nan.bin").write_bytes(struct.pack("<4f", 0.5, float("nan"), 0.0, 1.0))


def tmw_dense(path, weights, bias):
    """A tinyml weights file (.tmw, version 1) for `input[4] -> dense(2)`."""
    record = struct.pack("<BBHfi", 3, 0, 0, 0.05, 0)  # dense, no activation
    record += struct.pack("<I2I", 2, 2, 4)  # rank 2: [2, 4]
    record += struct.pack("<If", 1, 0.01)  # one weight scale
    record += struct.pack("<8b", *weights) + struct.pack("<2i", *bias)
    body = struct.pack("<fifi", 0.1, 0, 0.05, 0) + record
    header = b"TMLW" + struct.pack("<HBBI", 1, 1, 0, 1)
    data = header + struct.pack("<I", len(header) + 4 + len(body)) + body
    (OUT / path).write_bytes(data)


def tmw_pools(path):
    """A .tmw for `input[4, 2] -> max_pool1d(2, stride = 1) -> global_avg_pool`:
    two records without weights (codes 22 and 8), each keeping the input's
    quantization (scale 0.5, zero point 0)."""
    records = b"".join(struct.pack("<BBHfi", code, 0, 0, 0.5, 0) for code in (22, 8))
    body = struct.pack("<fifi", 0.5, 0, 0.5, 0) + records
    header = b"TMLW" + struct.pack("<HBBI", 1, 1, 0, 2)
    (OUT / path).write_bytes(header + struct.pack("<I", len(header) + 4 + len(body)) + body)


def tmw_activations(path, input_quant, records):
    """A .tmw for `input[…]` followed by element-wise layers without
    weights: `records` lists each one's (record code, output quantization);
    the model output is the last one's."""
    body = struct.pack("<fifi", *input_quant, *records[-1][1])
    for kind, output_quant in records:
        body += struct.pack("<BBHfi", kind, 0, 0, *output_quant)
    header = b"TMLW" + struct.pack("<HBBI", 1, 1, 0, len(records))
    data = header + struct.pack("<I", len(header) + 4 + len(body)) + body
    (OUT / path).write_bytes(data)


def tmw_transpose(path, bias=10):
    """A .tmw (version 1) for `input[1, 2, 1] -> conv2d_transpose(1, 1x2,
    stride = 1x2)`: input scale 0.5, zero point -1; weights [2, -3] of scale
    0.25; `bias`; output scale 0.25, zero point 5 (multiplier 0.5)."""
    record = struct.pack("<BBHfi", 51, 0, 0, 0.25, 5)
    record += struct.pack("<I4I", 4, 1, 1, 2, 1)
    record += struct.pack("<If", 1, 0.25)
    record += struct.pack("<2b", 2, -3) + bytes(2) + struct.pack("<i", bias)
    body = struct.pack("<fifi", 0.5, -1, 0.25, 5) + record
    header = b"TMLW" + struct.pack("<HBBI", 1, 1, 0, 1)
    (OUT / path).write_bytes(header + struct.pack("<I", len(header) + 4 + len(body)) + body)


def tmw_lstm(path, cell_scale=2**-11):
    """A .tmw (version 1) for `input[2, 1] -> lstm(1)`: lstm_2x4.bin's
    weights at scale 1/128 (the kernel's four gates, then the recurrent
    kernel's: eight scales) and the cell state's `cell_scale`; the forget
    bias 1.0 at scale 2^-14; input and output scale 1/128, zero point 0."""
    record = struct.pack("<BBHfi", 60, 0, 0, 1 / 128, 0)
    record += struct.pack("<I2I", 2, 2, 4)
    record += struct.pack("<I9f", 9, *([1 / 128] * 8), cell_scale)
    record += struct.pack("<8b", 64, -32, 127, 96, 13, 26, -38, 51)
    record += struct.pack("<4i", 0, 16384, 0, 0)
    body = struct.pack("<fifi", 1 / 128, 0, 1 / 128, 0) + record
    header = b"TMLW" + struct.pack("<HBBI", 1, 1, 0, 1)
    (OUT / path).write_bytes(header + struct.pack("<I", len(header) + 4 + len(body)) + body)


def int8_files():
    # A sigmoid (record 10) whose output has tanh's quantization, 1/128 and 0.
    tmw_activations("sigmoid_wrong_output.tmw", (0.05, 3), [(10, (1 / 128, 0))])
    # leaky_relu (12) → hard_swish (13) → tanh (11) → sigmoid (10).
    tmw_activations(
        "activations.tmw",
        (0.05, 3),
        [(12, (0.04, -20)), (13, (0.03, -100)), (11, (1 / 128, 0)), (10, (1 / 256, -128))],
    )
    # A bias so large that 128·Σ|w| more would overflow the int32 accumulator.
    tmw_dense("accumulator_overflow.tmw", [127] * 8, [2_147_483_000, 0])
    tmw_pools("pools1d.tmw")
    # A pad (record 50) keeping its input's quantization: scale 0.5, zero point -3.
    tmw_activations("pad.tmw", (0.5, -3), [(50, (0.5, -3))])
    # One whose output has a zero point of its own, which TFLM's copy ignores.
    tmw_activations("pad_requantizes.tmw", (0.5, -3), [(50, (0.5, 4))])
    tmw_transpose("conv2d_transpose.tmw")
    tmw_lstm("lstm.tmw")
    # A cell state scale that is not a power of two (TFLM's tanh needs one).
    tmw_lstm("lstm_cell_scale.tmw", cell_scale=0.0003)
    # |bias| + 128·(2 + 3) is just above i32::MAX.
    tmw_transpose("transpose_overflow.tmw", bias=2_147_483_647 - 600)
    # The digits model's file (from `tinyml import`), damaged two ways.
    digits = Path("examples/digits/int8/weights.tmw").read_bytes()
    (OUT / "version2.tmw").write_bytes(digits[:4] + b"\x02" + digits[5:])
    (OUT / "truncated.tmw").write_bytes(digits[:100])


if __name__ == "__main__":
    int8_files()
    main()
