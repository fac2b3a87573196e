#!/usr/bin/env python3
"""Train the small "digits" CNN and export the fixtures in examples/digits/.

Run from the repository root (inside a venv with tools/requirements.txt):

    python3 tools/train_digits.py

Everything is deterministic (fixed seeds, deterministic TF ops, one thread),
so re-running with the same package versions on the same kind of CPU gives
the same files. The outputs are committed; this script is never needed to
build or test the Rust project.

Steps:
  1. scikit-learn digits (8x8, pixels 0..16, 10 classes), stratified 80/20
     split; model input = pixel / 16.0, NHWC [N, 8, 8, 1].
  2. Train the fixed Keras architecture (mirrored by hand on the Rust side).
  3. Export raw f32 weights in TFLite layouts, the test set, the Keras
     outputs, a float .tflite (+ its interpreter outputs), a full-int8
     .tflite (+ tflite-micro outputs on the int8-quantized test set).
  4. Assert that a pure-numpy forward pass that reads digits_f32.bin with the
     documented layouts reproduces the Keras outputs within 1e-5.
  5. Write examples/digits/README.md (accuracies, layouts, checksums).
"""

import os

# Must be set before TensorFlow is imported.
os.environ["TF_DETERMINISTIC_OPS"] = "1"
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"  # oneDNN may reorder float sums
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
os.environ["CUDA_VISIBLE_DEVICES"] = ""
os.environ["PYTHONHASHSEED"] = "0"
os.environ["OMP_NUM_THREADS"] = "1"

import hashlib  # noqa: E402
import pathlib  # noqa: E402
import sys  # noqa: E402

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.datasets import load_digits  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402

import tensorflow as tf  # noqa: E402

tf.config.threading.set_intra_op_parallelism_threads(1)
tf.config.threading.set_inter_op_parallelism_threads(1)
tf.config.experimental.enable_op_determinism()

import tflite_micro  # noqa: E402
from tflite_micro.python.tflite_micro import runtime as tflm_runtime  # noqa: E402

SEED = 1234
EPOCHS = 120
BATCH_SIZE = 32
LEARNING_RATE = 1e-3
MIN_ACCURACY = 0.95  # hard floor (assert)
TARGET_ACCURACY = 0.97  # what we aim for (warn if missed)

REPO = pathlib.Path(__file__).resolve().parent.parent
OUT = REPO / "examples" / "digits"
# Files this script writes (examples/digits/ also holds hand-written Rust).
OUTPUT_FILES = [
    "digits_f32.bin",
    "test_images.u8",
    "test_labels.u8",
    "keras_f32_outputs.bin",
    "digits_f32.tflite",
    "tflite_f32_outputs.bin",
    "digits_int8.tflite",
    "test_images_int8.bin",
    "tflm_int8_outputs.bin",
    "README.md",
]


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------
def load_data():
    digits = load_digits()
    images = digits.images.astype(np.uint8)  # [1797, 8, 8], values 0..16
    labels = digits.target.astype(np.uint8)
    assert images.min() == 0 and images.max() == 16
    tr_img, te_img, tr_lab, te_lab = train_test_split(
        images, labels, test_size=0.2, random_state=SEED, stratify=labels
    )
    return tr_img, tr_lab, te_img, te_lab


def to_input(images_u8):
    """uint8 [N, 8, 8] pixels 0..16 -> float32 [N, 8, 8, 1] in [0, 1]."""
    return (images_u8.astype(np.float32) / np.float32(16.0))[..., np.newaxis]


# --------------------------------------------------------------------------
# Model (the Rust side declares this exact architecture by hand)
# --------------------------------------------------------------------------
def build_model(batch_size=None):
    L = tf.keras.layers
    inp = tf.keras.Input(shape=(8, 8, 1), batch_size=batch_size, name="input")
    x = L.Conv2D(16, (3, 3), padding="same", activation="relu", name="conv2d")(inp)
    x = L.DepthwiseConv2D(
        (3, 3), depth_multiplier=1, padding="same", activation="relu", name="depthwise"
    )(x)
    x = L.MaxPooling2D((2, 2), strides=(2, 2), padding="valid", name="maxpool")(x)
    x = L.Conv2D(24, (1, 1), padding="valid", activation="relu", name="conv2d_1x1")(x)
    x = L.Flatten(name="flatten")(x)
    x = L.Dense(10, name="dense")(x)
    out = L.Softmax(name="softmax")(x)
    return tf.keras.Model(inp, out, name="digits")


# --------------------------------------------------------------------------
# Weight export in TFLite layouts
# --------------------------------------------------------------------------
def export_tensors(model):
    """Returns [(name, array)] in file order, already in TFLite layouts."""
    conv_k, conv_b = model.get_layer("conv2d").get_weights()  # [KH,KW,IC,OC]
    dw_k, dw_b = model.get_layer("depthwise").get_weights()  # [KH,KW,IC,M]
    pw_k, pw_b = model.get_layer("conv2d_1x1").get_weights()  # [1,1,IC,OC]
    fc_k, fc_b = model.get_layer("dense").get_weights()  # [IN,UNITS]
    assert conv_k.shape == (3, 3, 1, 16) and conv_b.shape == (16,)
    assert dw_k.shape == (3, 3, 16, 1) and dw_b.shape == (16,)
    assert pw_k.shape == (1, 1, 16, 24) and pw_b.shape == (24,)
    assert fc_k.shape == (384, 10) and fc_b.shape == (10,)
    kh, kw, ic, m = dw_k.shape
    tensors = [
        ("conv2d.weights", conv_k.transpose(3, 0, 1, 2)),  # OHWI [16,3,3,1]
        ("conv2d.bias", conv_b),
        ("depthwise.weights", dw_k.reshape(1, kh, kw, ic * m)),  # [1,3,3,16]
        ("depthwise.bias", dw_b),
        ("conv2d_1x1.weights", pw_k.transpose(3, 0, 1, 2)),  # OHWI [24,1,1,16]
        ("conv2d_1x1.bias", pw_b),
        ("dense.weights", fc_k.T),  # [10,384]
        ("dense.bias", fc_b),
    ]
    return [(n, np.ascontiguousarray(a, dtype="<f4")) for n, a in tensors]


def read_f32_bin(path, shapes):
    """Parses digits_f32.bin back using only the documented shapes/order."""
    flat = np.fromfile(path, dtype="<f4")
    out, off = {}, 0
    for name, shape in shapes:
        n = int(np.prod(shape))
        out[name] = flat[off : off + n].reshape(shape)
        off += n
    assert off == flat.size, (off, flat.size)
    return out


# --------------------------------------------------------------------------
# Pure-numpy reference forward pass (TFLite layouts, NHWC, float64)
# --------------------------------------------------------------------------
def np_conv2d_same(x, w_ohwi, b):
    """x [N,H,W,IC]; w [OC,KH,KW,IC]; stride 1, 'same' padding."""
    n, h, wd, ic = x.shape
    oc, kh, kw, ic2 = w_ohwi.shape
    assert ic == ic2
    ph, pw = (kh - 1) // 2, (kw - 1) // 2
    xp = np.pad(x, ((0, 0), (ph, kh - 1 - ph), (pw, kw - 1 - pw), (0, 0)))
    y = np.zeros((n, h, wd, oc), dtype=np.float64)
    for ky in range(kh):
        for kx in range(kw):
            patch = xp[:, ky : ky + h, kx : kx + wd, :]  # [N,H,W,IC]
            y += np.einsum("nhwi,oi->nhwo", patch, w_ohwi[:, ky, kx, :])
    return y + b


def np_depthwise_same(x, w_1hwc, b, multiplier=1):
    """x [N,H,W,IC]; w [1,KH,KW,IC*M] (channel ic*M+m); stride 1, 'same'."""
    n, h, wd, ic = x.shape
    _, kh, kw, oc = w_1hwc.shape
    assert oc == ic * multiplier
    ph, pw = (kh - 1) // 2, (kw - 1) // 2
    xp = np.pad(x, ((0, 0), (ph, kh - 1 - ph), (pw, kw - 1 - pw), (0, 0)))
    xp = np.repeat(xp, multiplier, axis=3)  # out channel ic*M+m reads input ic
    y = np.zeros((n, h, wd, oc), dtype=np.float64)
    for ky in range(kh):
        for kx in range(kw):
            y += xp[:, ky : ky + h, kx : kx + wd, :] * w_1hwc[0, ky, kx, :]
    return y + b


def np_maxpool2x2(x):
    n, h, w, c = x.shape
    return x[:, : h // 2 * 2, : w // 2 * 2, :].reshape(n, h // 2, 2, w // 2, 2, c).max(axis=(2, 4))


def np_forward(x, p):
    """x float [N,8,8,1]; p = dict from read_f32_bin. Returns softmax [N,10]."""
    x = x.astype(np.float64)
    p = {k: v.astype(np.float64) for k, v in p.items()}
    relu = lambda t: np.maximum(t, 0.0)  # noqa: E731
    x = relu(np_conv2d_same(x, p["conv2d.weights"], p["conv2d.bias"]))
    x = relu(np_depthwise_same(x, p["depthwise.weights"], p["depthwise.bias"]))
    x = np_maxpool2x2(x)
    x = relu(np_conv2d_same(x, p["conv2d_1x1.weights"], p["conv2d_1x1.bias"]))
    x = x.reshape(x.shape[0], -1)  # HWC row-major flatten -> [N,384]
    logits = x @ p["dense.weights"].T + p["dense.bias"]
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


# --------------------------------------------------------------------------
# TFLite helpers
# --------------------------------------------------------------------------
def tflite_ops(model_bytes):
    interp = tf.lite.Interpreter(
        model_content=model_bytes,
        experimental_op_resolver_type=tf.lite.experimental.OpResolverType.BUILTIN_REF,
    )
    interp.allocate_tensors()
    return [op["op_name"] for op in interp._get_ops_details()]


def tflite_tensor_rows(model_bytes):
    """Markdown rows describing each tensor's type and quantization."""
    interp = tf.lite.Interpreter(
        model_content=model_bytes,
        experimental_op_resolver_type=tf.lite.experimental.OpResolverType.BUILTIN_REF,
    )
    interp.allocate_tensors()
    rows = []
    for t in interp.get_tensor_details():
        q = t["quantization_parameters"]
        n_scales = len(q["scales"])
        if n_scales == 0:
            quant = "-"
        elif n_scales == 1:
            quant = f"per-tensor, scale {float(q['scales'][0]):.6g}, zp {int(q['zero_points'][0])}"
        else:
            quant = f"per-channel ({n_scales} scales, axis {q['quantized_dimension']})"
        name = t["name"] if len(t["name"]) <= 48 else t["name"][:45] + "..."
        rows.append(
            f"| {t['index']} | `{name}` | {np.asarray(t['shape']).tolist()} "
            f"| {np.dtype(t['dtype']).name} | {quant} |"
        )
    return rows


def run_tflite(model_bytes, inputs):
    """Runs tf.lite reference kernels (no XNNPACK), one sample at a time."""
    interp = tf.lite.Interpreter(
        model_content=model_bytes,
        num_threads=1,
        experimental_op_resolver_type=tf.lite.experimental.OpResolverType.BUILTIN_REF,
    )
    interp.allocate_tensors()
    inp = interp.get_input_details()[0]
    out = interp.get_output_details()[0]
    res = []
    for sample in inputs:
        interp.set_tensor(inp["index"], sample[np.newaxis].astype(inp["dtype"]))
        interp.invoke()
        res.append(interp.get_tensor(out["index"])[0].copy())
    return np.stack(res)


def quantize_input(x, scale, zero_point):
    """q = clamp(round(x / scale) + zp, -128, 127), round half away from zero
    (TFLite's convention), computed in float32 like the TFLite quantize op."""
    v = x.astype(np.float32) / np.float32(scale)
    r = np.sign(v) * np.floor(np.abs(v) + np.float32(0.5))
    # Values within 1e-4 of a .5 tie: the result there depends on using the
    # model's float32 scale (not e.g. an exact 1/255), so they are reported.
    near_ties = int(np.sum(np.abs(np.abs(v) - np.floor(np.abs(v)) - 0.5) < 1e-4))
    return np.clip(r + zero_point, -128, 127).astype(np.int8), near_ties


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------
def main():
    tf.keras.utils.set_random_seed(SEED)
    OUT.mkdir(parents=True, exist_ok=True)

    tr_img, tr_lab, te_img, te_lab = load_data()
    x_train_all, x_test = to_input(tr_img), to_input(te_img)
    # Fixed validation split (10% of train, stratified) for monitoring only.
    x_fit, x_val, y_fit, y_val = train_test_split(
        x_train_all, tr_lab, test_size=0.1, random_state=SEED, stratify=tr_lab
    )
    print(f"train {len(x_fit)} + val {len(x_val)} (= {len(x_train_all)}), test {len(x_test)}")

    # ---- train ----------------------------------------------------------
    model = build_model()
    model.summary(print_fn=lambda s: print(s))
    model.compile(
        optimizer=tf.keras.optimizers.Adam(learning_rate=LEARNING_RATE),
        loss=tf.keras.losses.SparseCategoricalCrossentropy(),
        metrics=["accuracy"],
    )
    hist = model.fit(
        x_fit,
        y_fit.astype(np.int32),
        validation_data=(x_val, y_val.astype(np.int32)),
        epochs=EPOCHS,
        batch_size=BATCH_SIZE,
        shuffle=True,
        verbose=0,
    )
    h = hist.history
    print(
        f"final epoch: loss {h['loss'][-1]:.4f} acc {h['accuracy'][-1]:.4f} "
        f"val_loss {h['val_loss'][-1]:.4f} val_acc {h['val_accuracy'][-1]:.4f}"
    )

    keras_out = model(tf.constant(x_test), training=False).numpy().astype(np.float32)
    f32_acc = float(np.mean(keras_out.argmax(1) == te_lab))
    print(f"Keras f32 held-out accuracy: {f32_acc:.4f} ({len(te_lab)} images)")
    assert f32_acc >= MIN_ACCURACY, f32_acc
    if f32_acc < TARGET_ACCURACY:
        print(f"WARNING: f32 accuracy below target {TARGET_ACCURACY}", file=sys.stderr)

    # ---- raw weights + test set + keras outputs -------------------------
    tensors = export_tensors(model)
    with open(OUT / "digits_f32.bin", "wb") as f:
        for _, a in tensors:
            f.write(a.tobytes())
    te_img.reshape(-1, 64).astype(np.uint8).tofile(OUT / "test_images.u8")
    te_lab.astype(np.uint8).tofile(OUT / "test_labels.u8")
    keras_out.astype("<f4").tofile(OUT / "keras_f32_outputs.bin")

    # ---- numpy reference from the exported file -------------------------
    params = read_f32_bin(OUT / "digits_f32.bin", [(n, a.shape) for n, a in tensors])
    imgs_back = np.fromfile(OUT / "test_images.u8", dtype=np.uint8).reshape(-1, 8, 8)
    np_out = np_forward(to_input(imgs_back), params)
    np_diff = float(np.max(np.abs(np_out - keras_out)))
    print(f"numpy reference vs Keras: max |diff| = {np_diff:.3e}")
    assert np_diff < 1e-5, np_diff
    assert np.array_equal(np_out.argmax(1), keras_out.argmax(1))

    # ---- float TFLite ---------------------------------------------------
    # Convert a batch-1 clone (same weights): with a dynamic batch dimension
    # the converter lowers Flatten to SHAPE/STRIDED_SLICE/PACK/RESHAPE; with a
    # static batch it is a single RESHAPE with a constant shape.
    export_model = build_model(batch_size=1)
    export_model.set_weights(model.get_weights())
    clone_diff = float(
        np.max(np.abs(export_model(tf.constant(x_test[:1]), training=False).numpy() - keras_out[:1]))
    )
    assert clone_diff < 1e-6, clone_diff
    conv = tf.lite.TFLiteConverter.from_keras_model(export_model)
    f32_tflite = conv.convert()
    (OUT / "digits_f32.tflite").write_bytes(f32_tflite)
    f32_ops = tflite_ops(f32_tflite)
    print("f32 tflite ops:", f32_ops)
    tfl_out = run_tflite(f32_tflite, x_test).astype(np.float32)
    tfl_out.astype("<f4").tofile(OUT / "tflite_f32_outputs.bin")
    tfl_diff = float(np.max(np.abs(tfl_out - keras_out)))
    tfl_acc = float(np.mean(tfl_out.argmax(1) == te_lab))
    print(f"TFLite f32 vs Keras: max |diff| = {tfl_diff:.3e}, accuracy {tfl_acc:.4f}")
    assert tfl_diff < 1e-5, tfl_diff

    # ---- int8 TFLite ----------------------------------------------------
    def representative_dataset():
        for i in range(len(x_train_all)):
            yield [x_train_all[i : i + 1]]

    conv = tf.lite.TFLiteConverter.from_keras_model(export_model)
    conv.optimizations = [tf.lite.Optimize.DEFAULT]
    conv.representative_dataset = representative_dataset
    conv.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    conv.inference_input_type = tf.int8
    conv.inference_output_type = tf.int8
    int8_tflite = conv.convert()
    (OUT / "digits_int8.tflite").write_bytes(int8_tflite)
    int8_ops = tflite_ops(int8_tflite)
    print("int8 tflite ops:", int8_ops)

    # ---- tflite-micro on the int8 model ---------------------------------
    tflm = tflm_runtime.Interpreter.from_bytes(int8_tflite)
    in_det = tflm.get_input_details(0)
    out_det = tflm.get_output_details(0)
    in_scale = float(in_det["quantization_parameters"]["scales"][0])
    in_zp = int(in_det["quantization_parameters"]["zero_points"][0])
    out_scale = float(out_det["quantization_parameters"]["scales"][0])
    out_zp = int(out_det["quantization_parameters"]["zero_points"][0])
    print(f"int8 input  scale {in_scale!r} zero_point {in_zp}, shape {np.asarray(in_det['shape']).tolist()}")
    print(f"int8 output scale {out_scale!r} zero_point {out_zp}, shape {np.asarray(out_det['shape']).tolist()}")
    assert in_det["dtype"] == np.int8 and out_det["dtype"] == np.int8

    x_q, ties = quantize_input(x_test, in_scale, in_zp)
    print(f"input quantization: {ties} values within 1e-4 of a .5 tie")
    pixel_q, _ = quantize_input(np.arange(17, dtype=np.float32) / np.float32(16.0), in_scale, in_zp)
    assert np.array_equal(x_q.reshape(-1, 64), pixel_q[te_img.reshape(-1, 64)])
    print("pixel 0..16 -> int8:", pixel_q.tolist())
    x_q.reshape(-1, 64).tofile(OUT / "test_images_int8.bin")

    tflm_out = []
    for sample in x_q:
        tflm.set_input(sample[np.newaxis], 0)
        tflm.invoke()
        tflm_out.append(np.array(tflm.get_output(0)).reshape(-1).astype(np.int8))
    tflm_out = np.stack(tflm_out)
    assert tflm_out.shape == (len(te_lab), 10)
    tflm_out.tofile(OUT / "tflm_int8_outputs.bin")
    int8_acc = float(np.mean(tflm_out.argmax(1) == te_lab))
    print(f"int8 (tflite-micro) held-out accuracy: {int8_acc:.4f}")

    # Cross-check: TFLite reference kernels on the same int8 inputs.
    tfl_int8 = run_tflite(int8_tflite, x_q).astype(np.int8)
    n_mismatch = int(np.sum(tfl_int8 != tflm_out))
    max_q_diff = int(np.max(np.abs(tfl_int8.astype(np.int32) - tflm_out.astype(np.int32))))
    print(
        f"tflite-micro vs tf.lite BUILTIN_REF int8: {n_mismatch} differing values, "
        f"max |diff| {max_q_diff} LSB"
    )
    deq = (tflm_out.astype(np.float32) - out_zp) * out_scale
    int8_vs_f32 = float(np.max(np.abs(deq - keras_out)))
    agree = float(np.mean(tflm_out.argmax(1) == keras_out.argmax(1)))
    print(f"int8 dequantized vs Keras: max |diff| {int8_vs_f32:.4f}, argmax agreement {agree:.4f}")

    # ---- README ---------------------------------------------------------
    info = dict(
        n=len(te_lab),
        n_train=len(x_train_all),
        n_fit=len(x_fit),
        n_val=len(x_val),
        f32_acc=f32_acc,
        tfl_acc=tfl_acc,
        int8_acc=int8_acc,
        np_diff=np_diff,
        tfl_diff=tfl_diff,
        in_scale=in_scale,
        in_zp=in_zp,
        out_scale=out_scale,
        out_zp=out_zp,
        ties=ties,
        pixel_q=pixel_q.tolist(),
        pix8=float(np.float32(0.5) / np.float32(in_scale)),
        n_mismatch=n_mismatch,
        max_q_diff=max_q_diff,
        agree=agree,
        f32_ops=f32_ops,
        int8_ops=int8_ops,
        int8_tensors=tflite_tensor_rows(int8_tflite),
        tensors=tensors,
        versions={
            "python": sys.version.split()[0],
            "tensorflow-cpu": tf.__version__,
            "keras": tf.keras.__version__ if hasattr(tf.keras, "__version__") else "?",
            "tflite-micro": _dist_version("tflite-micro"),
            "scikit-learn": sklearn.__version__,
            "numpy": np.__version__,
        },
    )
    write_readme(info)
    print(f"wrote {OUT.relative_to(REPO)}/:")
    total = 0
    for p in (OUT / f for f in OUTPUT_FILES):
        total += p.stat().st_size
        print(f"  {p.name:26s} {p.stat().st_size:8d} bytes")
    print(f"  {'total':26s} {total:8d} bytes")


def _dist_version(name):
    from importlib.metadata import version

    try:
        return version(name)
    except Exception:  # pragma: no cover
        return getattr(tflite_micro, "__version__", "?")


def write_readme(i):
    n = i["n"]
    rows, off = [], 0
    for name, a in i["tensors"]:
        rows.append(
            f"| `{name}` | {list(a.shape)} | {a.size} | {off} | {off * 4} |"
        )
        off += a.size
    tensor_table = "\n".join(rows)
    n_params = off

    def sha_rows():
        out = []
        for p in (OUT / f for f in OUTPUT_FILES[:-1]):
            out.append(f"| `{p.name}` | {p.stat().st_size} | `{sha256(p)[:16]}` |")
        return "\n".join(out)

    v = i["versions"]
    int8_tensor_table = "\n".join(i["int8_tensors"])
    pixel_hdr = " | ".join(str(p) for p in range(17))
    pixel_sep = "---|" * 17
    text = f"""# digits: a tiny CNN on scikit-learn's 8x8 digits

Fixtures for the Rust project: trained weights in raw form, the held-out test
set, and reference outputs from Keras, TensorFlow Lite and tflite-micro.

The data files listed below and this README are generated by
`tools/train_digits.py` (the Rust sources beside them, such as `model.rs`,
are written by hand); regenerate with

```sh
python3 tools/train_digits.py        # from the repo root, in the venv of tools/README.md
```

The run is deterministic (fixed seeds, `TF_DETERMINISTIC_OPS=1`, oneDNN off,
one thread); with the same package versions on the same kind of CPU it
reproduces these bytes (checksums at the end). Do not edit the files by hand.

## Data

scikit-learn's `load_digits()`: 1797 images of 8x8 pixels with integer values
0..16, labels 0..9. Stratified split with `random_state=1234`: {i['n_train']}
training images (of which a stratified 10%, {i['n_val']} images, is held out as
a validation set for monitoring only; {i['n_fit']} are fitted) and **N = {n}
held-out test images**. The model input is `pixel / 16.0` as float32, NHWC
shape `[1, 8, 8, 1]` per image.

## Architecture

| # | layer | output | params |
|---|---|---|---|
| 0 | Input | 8x8x1 | |
| 1 | Conv2D 16 filters, 3x3, stride 1, padding `same`, bias, ReLU | 8x8x16 | 144 + 16 |
| 2 | DepthwiseConv2D 3x3, depth_multiplier 1, stride 1, padding `same`, bias, ReLU | 8x8x16 | 144 + 16 |
| 3 | MaxPooling2D 2x2, stride 2, padding `valid` | 4x4x16 | |
| 4 | Conv2D 24 filters, 1x1, stride 1, padding `valid`, bias, ReLU | 4x4x24 | 384 + 24 |
| 5 | Flatten (HWC row-major, channels-last) | 384 | |
| 6 | Dense 10, bias | 10 | 3840 + 10 |
| 7 | Softmax | 10 | |

Total {n_params} parameters. `same` padding for a 3x3 kernel at stride 1 is
one zero on every side. Trained with Adam (lr {LEARNING_RATE}), batch
{BATCH_SIZE}, {EPOCHS} epochs, sparse categorical cross-entropy, seed {SEED}.

## Results on the N = {n} held-out images

| model | accuracy |
|---|---|
| Keras float32 | **{i['f32_acc']:.4f}** |
| TFLite float32 (`digits_f32.tflite`) | {i['tfl_acc']:.4f} |
| TFLite full-int8 on tflite-micro (`digits_int8.tflite`) | **{i['int8_acc']:.4f}** |

- pure-numpy forward pass reading `digits_f32.bin` vs Keras: max abs diff
  {i['np_diff']:.2e} (asserted < 1e-5 by the script; this checks the layouts).
- TFLite float interpreter vs Keras: max abs diff {i['tfl_diff']:.2e}.
- tflite-micro vs TFLite's reference int8 kernels on the same inputs:
  {i['n_mismatch']} differing values (max {i['max_q_diff']} LSB).
- int8 vs float argmax agreement: {i['agree']:.4f}.

## Files

All multi-byte values are little-endian. N = {n}. Sample order is the same in
every per-sample file.

| file | type | shape | contents |
|---|---|---|---|
| `digits_f32.bin` | f32 | {n_params} values | all weights and biases, concatenated (table below) |
| `test_images.u8` | u8 | [N][8][8] | raw pixels 0..16, row-major (index `y*8+x`) |
| `test_labels.u8` | u8 | [N] | labels 0..9 |
| `keras_f32_outputs.bin` | f32 | [N][10] | Keras softmax outputs, `model(x, training=False)`, input `pixel/16` |
| `digits_f32.tflite` | flatbuffer | input [1,8,8,1] f32, output [1,10] f32 | float model, `TFLiteConverter.from_keras_model`, no optimizations |
| `tflite_f32_outputs.bin` | f32 | [N][10] | outputs of `tf.lite.Interpreter` (reference kernels, `BUILTIN_REF`) on `digits_f32.tflite` |
| `digits_int8.tflite` | flatbuffer | input [1,8,8,1] i8, output [1,10] i8 | full-integer int8 model (see below) |
| `test_images_int8.bin` | i8 | [N][8][8] (x1 channel) | test inputs quantized with the int8 model's input scale/zero point |
| `tflm_int8_outputs.bin` | i8 | [N][10] | outputs of the **tflite-micro** Python interpreter on `digits_int8.tflite` fed `test_images_int8.bin` |

Both `.tflite` files are converted from a clone of the trained model with a
fixed batch size of 1 (same weights): with Keras's dynamic batch dimension the
converter turns Flatten into SHAPE/STRIDED_SLICE/PACK/RESHAPE, with a static
batch it is a single RESHAPE to a constant `[1, 384]`.

### `digits_f32.bin` layout (TensorFlow Lite layouts)

| tensor | shape | values | offset (values) | offset (bytes) |
|---|---|---|---|---|
{tensor_table}

- conv weights are OHWI `[OC][KH][KW][IC]` (Keras kernel `[KH][KW][IC][OC]`
  transposed `(3,0,1,2)`).
- depthwise weights are `[1][KH][KW][IC*M]`, channel index `ic*M + m`
  (Keras `[KH][KW][IC][M]` reshaped); here M = 1.
- dense weights are `[UNITS][IN]` (Keras `[IN][UNITS]` transposed); the 384
  inputs are the 4x4x24 feature map flattened HWC row-major
  (`(y*4 + x)*24 + c`).

### int8 model

Converted with `optimizations = [Optimize.DEFAULT]`, representative dataset =
all {i['n_train']} training images (one at a time, in split order),
`supported_ops = [TFLITE_BUILTINS_INT8]`, `inference_input_type` and
`inference_output_type` = int8. Quantization is the converter's choice (read
it from the flatbuffer); as converted:

| tensor | name | shape | type | quantization |
|---|---|---|---|---|
{int8_tensor_table}

- input: scale `{i['in_scale']!r}`, zero point `{i['in_zp']}`.
  `test_images_int8.bin` = `clamp(round(x / scale) + zp, -128, 127)` with
  `x = pixel / 16.0`, `x / scale` computed in float32 with the model's float32
  scale, rounding half away from zero (as TFLite's QUANTIZE reference kernel).
  Since the input is a pixel 0..16, this is just a lookup table:

  | pixel | {pixel_hdr} |
  |---|{pixel_sep}
  | int8 | {' | '.join(str(q) for q in i['pixel_q'])} |

  Careful with pixel 8: `0.5 / scale` is {i['pix8']:.9g} in float32, so it maps to
  `127 + zp = {i['pixel_q'][8]}`; an exact 1/255 scale would give 127.5 and round
  the other way. ({i['ties']} of the N*64 test inputs are such near-ties.)
- output: scale `{i['out_scale']!r}`, zero point `{i['out_zp']}`
  (probability = `(q - zp) * scale`).

Operators in the graphs:

- `digits_f32.tflite`: {', '.join(i['f32_ops'])}
- `digits_int8.tflite`: {', '.join(i['int8_ops'])}

## Versions used

| package | version |
|---|---|
""" + "\n".join(f"| {k} | {val} |" for k, val in v.items()) + f"""

## SHA-256 (first 16 hex digits)

| file | bytes | sha256 |
|---|---|---|
{sha_rows()}
"""
    (OUT / "README.md").write_text(text)


if __name__ == "__main__":
    main()
