//! Scalar math that `core` lacks, one function a file.

mod exp;

pub use exp::exp_f32;
