//! What every `tiny_model!` layer is, written once.
//!
//! The proc-macro (`tinyml-macros`), the importer (`tinyml-cli`) and the
//! weights format (`tinyml-format`) all describe layers through this crate,
//! the way `serde_derive_internals` publishes serde's derive analysis: so
//! that a layer's shape rule, weight layout, MAC count, fusion and DSL text
//! cannot drift between the tools, and `tinyml inspect` can print the exact
//! `RAM_BYTES` that the generated model will have.
//!
//! - [`vocab`]: padding, fused activation, quantization parameters.
//! - [`window`]: TensorFlow Lite's window arithmetic (output size and
//!   padding of convolutions and pools), once.
//! - [`ops`]: one module per layer and the table of all of them
//!   ([`for_each_op!`]), from which [`Layer`] and [`Kind`] are generated.
//! - [`graph`]: a model as layers on tensors, with activation fusion.
//! - [`plan`]: the compile-time memory planner.
//!
//! `no_std` with `alloc`: it runs in the proc-macro and the command-line
//! tool, never on the device.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod graph;
pub mod ops;
pub mod plan;
pub mod shape;
pub mod vocab;
pub mod window;

pub use graph::{Graph, Node, TensorId};
pub use ops::{Kind, Layer, Memory, Op, ParamShape};
pub use shape::{MAX_BYTES, ShapeError, shape_text};
pub use vocab::{Activation, Hw, Padding, Quant};
pub use window::Window;
