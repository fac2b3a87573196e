//! The streaming gesture model (`examples/gestures/`, int8 Conv1D over 40
//! frames of 3 axes, `input[40, 3] streaming`), run two ways on the same
//! pseudo-random frames: `predict` over whole windows, and `step` frame by
//! frame. Each is checked against the other: the last output of a window
//! stepped through after `reset()` must equal `predict` over it, byte for
//! byte, and every output `step` gives once a whole window has arrived must
//! equal `predict` over the window it ends.

include!("../../../gestures/int8/mod.rs");

/// Frames per window.
pub const WINDOW: usize = Gestures::INPUT_SHAPE[0];
/// Values per frame.
pub const FRAME: usize = Gestures::FRAME_LEN;
/// Windows checked with `predict`.
pub const WINDOWS: u32 = 8;
/// Frames stepped through one by one.
pub const FRAMES: u32 = 160;

/// Frame `index` of the test stream: a fixed xorshift sequence.
pub fn frame(index: u32) -> [i8; FRAME] {
    core::array::from_fn(|axis| {
        let mut x = index.wrapping_mul(0x9e37_79b9) ^ (axis as u32 + 1).wrapping_mul(0x85eb_ca6b);
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        x as i8
    })
}

/// The window of `WINDOW` frames ending with frame `last`.
fn window_ending(last: u32) -> [i8; WINDOW * FRAME] {
    let first = last + 1 - WINDOW as u32;
    let mut window = [0; WINDOW * FRAME];
    for (t, chunk) in window.chunks_exact_mut(FRAME).enumerate() {
        chunk.copy_from_slice(&frame(first + t as u32));
    }
    window
}

/// Test window `index`: frames `index · 17` to `index · 17 + 39`.
pub fn window(index: u32) -> [i8; WINDOW * FRAME] {
    window_ending(index * 17 + WINDOW as u32 - 1)
}

/// `predict` over `window`, on a model of its own.
pub fn predicted(window: &[i8; WINDOW * FRAME]) -> [i8; 3] {
    *Gestures::new().predict(window)
}

/// The last output of `window` stepped through after `reset()`.
pub fn stepped(window: &[i8; WINDOW * FRAME]) -> Option<[i8; 3]> {
    let mut model = Gestures::new();
    model.reset();
    let mut last = None;
    for frame in window.as_chunks::<FRAME>().0 {
        last = model.step(frame).copied().or(last);
    }
    last
}

/// Whether `step` gives an output after frame `index` of the stream: the
/// pool (stride 2) outputs after frames 1, 3, 5, … and the strided conv1d
/// (stride 2) takes every other of those from its first, so frames 1, 5,
/// 9, … (the DSL reference's "Strides").
pub fn emits(index: u32) -> bool {
    index % 4 == 1
}

/// What `step` must give after frame `index`, once a whole window has
/// arrived: `predict` over the 40 frames whose strided positions end with
/// it (the window ending two frames later, which `predict`'s last output
/// does not read). Earlier outputs also see the zero points that `new()`
/// starts from, and are only checked to be there.
pub fn expected_step(index: u32) -> Option<[i8; 3]> {
    (index + 3 >= WINDOW as u32).then(|| predicted(&window_ending(index + 2)))
}
