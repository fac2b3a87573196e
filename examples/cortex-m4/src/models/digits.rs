//! The digits CNN (`examples/digits/model.rs`, weights
//! `examples/digits/digits_f32.bin`) in f32, I16F16 and I8F8, its held-out
//! images, Keras' outputs, and the host's outputs computed by `build.rs`.

#[allow(unused_imports)]
use tinyml::fixed::types::{I8F8, I16F16};

include!("../../../digits/model.rs");

mod host {
    include!(concat!(env!("OUT_DIR"), "/host_digits.rs"));
}
pub use host::{HOST_F32, HOST_I8F8, HOST_I16F16, IMAGES, INT8_WEIGHT_BYTES};

/// Raw pixels 0..=16, 64 per image.
static PIXELS: &[u8; 64 * 360] = include_bytes!("../../../digits/test_images.u8");
/// Keras' softmax outputs, 10 `f32` (little-endian) per image.
static KERAS: &[u8; 40 * 360] = include_bytes!("../../../digits/keras_f32_outputs.bin");

/// Held-out image `index` as the model's input (`pixel / 16`).
pub fn image(index: u32) -> [f32; 64] {
    let at = index as usize * 64;
    core::array::from_fn(|i| f32::from(PIXELS[at + i]) / 16.0)
}

/// Keras' output for image `index`.
pub fn keras(index: u32) -> [f32; 10] {
    let at = index as usize * 40;
    core::array::from_fn(|i| {
        let b = &KERAS[at + 4 * i..at + 4 * i + 4];
        f32::from_le_bytes([b[0], b[1], b[2], b[3]])
    })
}

/// The host's output for image `index` from one of the `HOST_*` tables.
pub fn host(table: &[u32], index: u32) -> [f32; 10] {
    let at = index as usize * 10;
    core::array::from_fn(|i| f32::from_bits(table[at + i]))
}

/// Bytes of weights and biases of a model with `T` elements.
pub const fn weight_bytes<T>() -> usize {
    Digits::PARAMS * core::mem::size_of::<T>()
}
