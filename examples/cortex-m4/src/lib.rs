//! The models that the firmware (Cortex-M4F, and the other cores) runs, each with its test inputs
//! and expected predictions. The harness (instruction counts, stack, the
//! `BENCH` lines) is the `m4-harness` crate in `harness/`.
#![no_std]

pub mod dsp_check;
pub mod models;
