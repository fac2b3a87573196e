//! Declare a neural network inline, have every shape and weight file checked
//! at compile time, and run it with no heap, no interpreter and no runtime
//! parsing on any `no_std` target.
//!
//! ```
//! use tinyml::tiny_model;
//!
//! tiny_model! {
//!     /// A tiny image classifier.
//!     pub Classifier: f32 = input[6, 6, 2]
//!         -> conv2d(4, 3x3, stride = 2, padding = same,
//!                   weights = include_bytes!("docs/weights/conv_4x3x3x2.bin"),
//!                   bias = include_bytes!("docs/weights/bias_4.bin")) -> relu
//!         -> global_avg_pool
//!         -> softmax;
//! }
//!
//! let mut model = Classifier::new();          // const fn: fine in a `static`
//! let scores = model.predict(&[0.5; 72]);     // &[f32; 72] in, &[f32; 4] out
//! assert_eq!(scores.len(), Classifier::OUTPUT_LEN);
//! // Planned at compile time: global_avg_pool's input and output.
//! assert_eq!(Classifier::RAM_BYTES, (3 * 3 * 4 + 4) * 4);
//! ```
//!
//! The [`dsl`] module is the language reference: grammar, every layer, weight
//! files, element types and every class of compile error. The kernels behind
//! the generated code are in the `tinyml-kernels` crate.
#![no_std]

/// The `fixed` crate, for fixed-point element types such as `I16F16`.
pub use fixed;
/// Declares a neural network type; see the [`dsl`] reference.
pub use tinyml_macros::tiny_model;

#[doc = include_str!("docs/dsl.md")]
pub mod dsl {}

/// Paths used by generated code. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use fixed;
    pub use tinyml_kernels as kernels;
}
