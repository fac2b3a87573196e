//! A `#![no_std]` library with a model in it: CI builds this crate for
//! `thumbv6m-none-eabi`, `thumbv7m-none-eabi`, `thumbv7em-none-eabihf`,
//! `thumbv8m.main-none-eabihf` and `riscv32imac-unknown-none-elf`, where
//! `std` does not exist.
#![no_std]

include!("../../../examples/digits/model.rs");

mod gestures {
    include!("../../../examples/gestures/int8/mod.rs");
}

pub use gestures::Gestures;
use tinyml::fixed::types::{I8F8, I16F16};

/// Streaming: the next accelerometer frame (int8, as the model quantizes
/// it) into `model`; the gesture (0 rest, 1 shake, 2 tap) when the model
/// has a new output.
pub fn gesture_step(model: &mut Gestures, frame: &[i8; 3]) -> Option<usize> {
    let scores = model.step(frame)?;
    Some((0..3).fold(0, |best, i| if scores[i] > scores[best] { i } else { best }))
}

/// The digit in an 8x8 image of pixel values 0..=16.
pub fn classify(pixels: &[u8; 64]) -> usize {
    let mut model = Digits::new();
    argmax(*model.predict(&pixels.map(|p| f32::from(p) / 16.0)))
}

/// The same in 16.16 fixed point (no floating point in inference).
pub fn classify_fixed(pixels: &[u8; 64]) -> usize {
    let mut model = DigitsI16F16::new();
    let out = model.predict(&pixels.map(|p| I16F16::from_bits(i32::from(p) << 12)));
    argmax(out.map(|q| q.to_num::<f32>()))
}

/// The same in 8.8 fixed point.
pub fn classify_narrow(pixels: &[u8; 64]) -> usize {
    let mut model = DigitsI8F8::new();
    let out = model.predict(&pixels.map(|p| I8F8::from_bits(i16::from(p) << 4)));
    argmax(out.map(|q| q.to_num::<f32>()))
}

fn argmax(values: [f32; 10]) -> usize {
    (0..10).fold(0, |best, i| if values[i] > values[best] { i } else { best })
}
