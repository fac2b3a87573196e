//! The DSP instructions that LLVM does not emit on its own, for the int8
//! kernels' inner loops: the only module of this crate with `unsafe` code.
//!
//! Cortex-M4, M7 and M33 with the DSP extension multiply two pairs of
//! `i16` and add both products to an accumulator in one instruction
//! (`SMLAD`), and sign-extend two bytes of a word into two halfwords in
//! another (`SXTB16`). Stable Rust reaches them only through `asm!`
//! (`core::arch::arm`'s DSP intrinsics are unstable), which is `unsafe`.
//! `dsp` wraps each in a safe function: the instructions only read and
//! write registers, so no precondition is left for a caller to uphold.
//!
//! Every function has a portable twin in [`portable`] with the same result
//! for every input, and the kernels call the names re-exported here, which
//! are the DSP ones where the target has them (`tinyml_dsp`, set by the
//! crate's build script for `thumbv7em` and for `thumbv8m.main` built for a
//! core with the DSP extension) and the portable ones elsewhere. The
//! firmware of `examples/cortex-m4` checks the two against each other on
//! edge and random inputs under QEMU, and the host tests check the portable
//! ones against their definition.

#[cfg(tinyml_dsp)]
pub mod dsp;
pub mod portable;

/// Whether the kernels take their `SMLAD` paths: where [`sxtb16`] and
/// [`smlad`] are single instructions (elsewhere the portable twins are
/// slower than the plain loops those paths replace), and in the host tests
/// of those paths (`TINYML_DSP_PATHS=1`, see the build script).
pub const DSP: bool = cfg!(any(tinyml_dsp, tinyml_dsp_paths));

#[cfg(tinyml_dsp)]
pub use dsp::{smlad, sxtb16, sxtb16_ror8};
#[cfg(not(tinyml_dsp))]
pub use portable::{smlad, sxtb16, sxtb16_ror8};
