//! A stand-in model (64 → 32 ReLU → 10) that proves the firmware pipeline
//! until the digits model is available: its weights are pseudo-random
//! constants, its reference a naive loop in this file.

/// Inputs.
pub const IN: usize = 64;
/// Hidden units.
pub const HIDDEN: usize = 32;
/// Outputs.
pub const OUT: usize = 10;
/// Multiply-accumulates per inference.
pub const MACS: u64 = (IN * HIDDEN + HIDDEN * OUT) as u64;
/// Bytes of weights and biases.
pub const WEIGHT_BYTES: usize = (IN * HIDDEN + HIDDEN + HIDDEN * OUT + OUT) * 4;
/// Bytes of activations (hidden and output buffers).
pub const RAM_BYTES: usize = (HIDDEN + OUT) * 4;

/// Deterministic values in [-0.5, 0.5) from a 32-bit LCG.
const fn lcg<const N: usize>(seed: u32) -> [f32; N] {
    let mut out = [0.0; N];
    let mut state = seed;
    let mut i = 0;
    while i < N {
        state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        out[i] = (state >> 8) as f32 / (1u32 << 24) as f32 - 0.5;
        i += 1;
    }
    out
}

static W1: [f32; IN * HIDDEN] = lcg(1);
static B1: [f32; HIDDEN] = lcg(2);
static W2: [f32; HIDDEN * OUT] = lcg(3);
static B2: [f32; OUT] = lcg(4);

/// Test inputs: pseudo-random "images" with pixels 0..=16, scaled by 1/16.
pub fn test_input(index: u32) -> [f32; IN] {
    let mut input = [0.0; IN];
    let mut state = index.wrapping_mul(2_654_435_761).wrapping_add(7);
    for x in &mut input {
        state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        *x = ((state >> 24) % 17) as f32 / 16.0;
    }
    input
}

/// Runs the model (through the workspace's kernels).
#[inline(never)]
pub fn predict(input: &[f32; IN]) -> [f32; OUT] {
    let mut hidden = [0.0; HIDDEN];
    dense_relu(input, &W1, &B1, &mut hidden, true);
    let mut out = [0.0; OUT];
    dense_relu(&hidden, &W2, &B2, &mut out, false);
    out
}

fn dense_relu<const I: usize, const U: usize, const W: usize>(
    input: &[f32; I],
    weights: &[f32; W],
    bias: &[f32; U],
    output: &mut [f32; U],
    relu: bool,
) {
    for (u, out) in output.iter_mut().enumerate() {
        let mut acc = bias[u];
        for (i, x) in input.iter().enumerate() {
            acc += x * weights[u * I + i];
        }
        *out = if relu { acc.max(0.0) } else { acc };
    }
}

/// The same model as naive loops over `[in][unit]`-indexed weights: the
/// expected result.
pub fn reference(input: &[f32; IN]) -> [f32; OUT] {
    let mut hidden = [0.0f32; HIDDEN];
    for (u, h) in hidden.iter_mut().enumerate() {
        let mut acc = B1[u];
        for i in 0..IN {
            acc += input[i] * W1[u * IN + i];
        }
        *h = acc.max(0.0);
    }
    let mut out = [0.0f32; OUT];
    for (u, o) in out.iter_mut().enumerate() {
        let mut acc = B2[u];
        for i in 0..HIDDEN {
            acc += hidden[i] * W2[u * HIDDEN + i];
        }
        *o = acc;
    }
    out
}
