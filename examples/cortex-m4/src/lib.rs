//! Benchmark harness for the Cortex-M4F firmware under QEMU (`mps2-an386`).
//!
//! * [`count`]: deterministic instruction counts from SysTick under
//!   `qemu -icount shift=6` (one instruction = 64 ns of virtual time, SysTick
//!   ticks at 25 MHz, so instructions = ticks × 5 / 8).
//! * [`stack`]: peak stack of a closure by painting the free stack.
//! * [`report`]: the `BENCH …` lines that `bench/run.sh` parses.
#![no_std]

pub mod count;
pub mod models;
pub mod probe;
pub mod report;
pub mod stack;
