//! Scalar math that `core` lacks, one function a file.

mod exp;
mod sigmoid;
mod tanh;

pub use exp::exp_f32;
pub use sigmoid::sigmoid_f32;
pub use tanh::tanh_f32;
