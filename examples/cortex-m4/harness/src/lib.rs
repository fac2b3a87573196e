//! Benchmark harness for the firmware under QEMU: Cortex-M (`mps2-an386` for
//! the M4F and ARMv6-M code, `mps2-an385` for the M3, `mps2-an505` for the
//! M33) and RISC-V (`virt`, rv32imac), shared by our firmware
//! (`examples/cortex-m4`) and the microflow one (`bench/microflow-m4`) so
//! that both are measured the same way.
//!
//! * [`count`]: deterministic instruction counts under QEMU's `-icount`:
//!   SysTick on Cortex-M (one instruction = 64 ns of virtual time with
//!   `shift=6`, SysTick ticks at 25 MHz, so instructions = ticks × 5 / 8;
//!   at 20 MHz on `mps2-an505`), `minstret` on RISC-V (one count per
//!   instruction with `shift=0`).
//! * [`stack`]: peak stack of a closure by painting the free stack.
//! * [`run`]: checks a model on its test inputs and prints the `BENCH` line
//!   that `bench/run.sh` parses; its `exact=` mode serves the exact counts of
//!   the QEMU counting plugin.
//! * [`layers`]: per-layer counts through a model's `predict_observed` hook.
//! * [`probe`]: volatile input and output for the size probes.
//!
//! What differs between the architectures (the counter, the stack's bounds,
//! entry, exit, printing and the panic handler) is in one module per
//! architecture, selected by `target_arch`; everything else is shared. Its
//! build script puts the board's memory map (`board/*.x`) on the linker
//! search path of every firmware that depends on it.
#![no_std]

#[cfg(target_arch = "arm")]
#[path = "arch/arm.rs"]
mod arch;
#[cfg(target_arch = "riscv32")]
#[path = "arch/riscv.rs"]
mod arch;

pub mod count;
pub mod layers;
pub mod probe;
pub mod report;
pub mod run;
pub mod stack;

/// The runtime's entry attribute (`cortex_m_rt::entry`, `riscv_rt::entry`).
pub use arch::entry;
