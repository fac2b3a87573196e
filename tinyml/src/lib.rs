//! tinyml: declare a neural network inline, checked at compile time, run it
//! with no heap.
#![no_std]

pub use tinyml_macros::tiny_model;
/// The `fixed` crate, for fixed-point element types such as `I16F16`.
pub use fixed;

/// Paths used by generated code. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use fixed;
    pub use tinyml_kernels as kernels;
}
