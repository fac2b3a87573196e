//! Tells the kernels what the target's multiplier can do:
//!
//! - `tinyml_no_wide_multiply`: no 32 × 32 → 64-bit multiply in hardware.
//!   The packed int8 fast paths accumulate in `i64` (one `SMLAL` for two
//!   products on Cortex-M3/M4/M33, `MUL` + `MULH` on RISC-V), which ARMv6-M
//!   (Cortex-M0/M0+, `thumbv6m`) turns into a library call per multiply.
//!   There the general `i32` loops are faster, and give the same bits. On
//!   rv32imac (MUL/MULH, no DSP) the packed paths stay faster: under QEMU
//!   the firmware (`examples/cortex-m4`) counts KWS 16.4 M, VWW 50.5 M and
//!   IC 88.0 M instructions with them, 29.7 M, 70.5 M and 94.1 M without.
//! - `tinyml_dsp`: the DSP extension (`SMLAD`, `SXTB16`), reached through
//!   `asm!` in `src/arch/dsp.rs`. Every ARMv7E-M core (`thumbv7em`: Cortex-M4,
//!   M7) has it; on ARMv8-M Mainline (`thumbv8m.main`) it is optional, so it
//!   is used only when the build names a core that has it (`-C
//!   target-cpu=cortex-m33`, `cortex-m35p`, `cortex-m55`, `cortex-m85`) or
//!   the feature (`-C target-feature=+dsp`). Stable Rust does not expose
//!   Arm's `target_feature`s to `cfg`, hence this script.
//! - `tinyml_dsp_paths`: the kernels take their DSP paths with the portable
//!   definitions of the instructions, on any target. Set by
//!   `TINYML_DSP_PATHS=1`, for testing those paths on the host (`.ci/run`
//!   runs the kernel tests once this way).
fn main() {
    println!("cargo::rustc-check-cfg=cfg(tinyml_no_wide_multiply)");
    println!("cargo::rustc-check-cfg=cfg(tinyml_dsp)");
    println!("cargo::rustc-check-cfg=cfg(tinyml_dsp_paths)");
    println!("cargo::rerun-if-env-changed=TARGET");
    println!("cargo::rerun-if-env-changed=TINYML_DSP_PATHS");
    if std::env::var("TINYML_DSP_PATHS").is_ok_and(|v| v == "1") {
        println!("cargo::rustc-cfg=tinyml_dsp_paths");
    }
    println!("cargo::rerun-if-env-changed=CARGO_ENCODED_RUSTFLAGS");
    let target = std::env::var("TARGET").unwrap_or_default();
    if target.starts_with("thumbv6m") {
        println!("cargo::rustc-cfg=tinyml_no_wide_multiply");
    }
    let flags = std::env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    let names_dsp = flags.split('\x1f').any(|flag| {
        [
            "cortex-m33",
            "cortex-m35p",
            "cortex-m55",
            "cortex-m85",
            "+dsp",
        ]
        .iter()
        .any(|name| flag.contains(name))
    });
    if target.starts_with("thumbv7em") || (target.starts_with("thumbv8m.main") && names_dsp) {
        println!("cargo::rustc-cfg=tinyml_dsp");
    }
}
