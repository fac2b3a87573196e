//! Benchmark harness for Cortex-M firmware under QEMU (`mps2-an386` for the
//! M4F and ARMv6-M code, `mps2-an385` for the M3, `mps2-an505` for the M33),
//! shared by our firmware (`examples/cortex-m4`) and the microflow one
//! (`bench/microflow-m4`) so that both are measured the same way.
//!
//! * [`count`]: deterministic instruction counts from SysTick under
//!   `qemu -icount shift=6` (one instruction = 64 ns of virtual time, SysTick
//!   ticks at 25 MHz, so instructions = ticks × 5 / 8; at 20 MHz on
//!   `mps2-an505`).
//! * [`stack`]: peak stack of a closure by painting the free stack.
//! * [`run`]: checks a model on its test inputs and prints the `BENCH` line
//!   that `bench/run.sh` parses; [`run::exact_mode`] serves the exact counts
//!   of the QEMU counting plugin.
//! * [`layers`]: per-layer counts through a model's `predict_observed` hook.
//! * [`probe`]: volatile input and output for the size probes.
//!
//! Its build script puts `board/memory.x` on the linker search path of every
//! firmware that depends on it.
#![no_std]

pub mod count;
pub mod layers;
pub mod probe;
pub mod report;
pub mod run;
pub mod stack;
