//! Allocation-free, `no_std` neural-network kernels with const-generic shapes.
//!
//! Every kernel takes its geometry as const generics and its tensors as
//! fixed-size arrays, so a shape mismatch is a compile error (each kernel
//! re-checks its const parameters with `const { assert!(…) }`) and the
//! optimiser sees every loop bound. The `tiny_model!` macro of the `tinyml`
//! crate emits the calls; users rarely call these directly.
#![no_std]
// `unsafe` is forbidden, except where the target has DSP instructions: there
// it is denied everywhere but in `arch::dsp`, which wraps them (`asm!`).
#![cfg_attr(not(tinyml_dsp), forbid(unsafe_code))]
#![cfg_attr(tinyml_dsp, deny(unsafe_code))]

pub mod activation;
pub mod arch;
pub mod arena;
pub mod broadcast;
pub mod concat;
pub mod conv;
pub mod conv_transpose;
pub mod element;
pub mod elementwise;
pub mod fully_connected;
mod geometry;
pub mod int8;
pub mod math;
pub mod pad;
pub mod pooling;
pub mod recurrent;
pub mod softmax;
pub mod stream;
pub mod strided;
pub mod tile;
pub mod unary;
pub mod upsample;
pub mod weights;

pub use activation::Clamp;
pub use element::Element;

#[cfg(test)]
mod testing;
