//! Tells the kernels whether the target multiplies 32 × 32 → 64 bits in
//! hardware: the packed int8 fast paths accumulate in `i64` (one `SMLAL`
//! for two products on Cortex-M3/M4/M33, `MUL` + `MULH` on RISC-V), which
//! ARMv6-M (Cortex-M0/M0+, `thumbv6m`) turns into a library call per
//! multiply. There the general `i32` loops are faster, and give the same
//! bits. On rv32imac (MUL/MULH, no DSP) the packed paths stay faster: under
//! QEMU the firmware (`examples/cortex-m4`) counts KWS 16.4 M, VWW 50.5 M and
//! IC 88.0 M instructions with them, 29.7 M, 70.5 M and 94.1 M without.
fn main() {
    println!("cargo::rustc-check-cfg=cfg(tinyml_no_wide_multiply)");
    println!("cargo::rerun-if-env-changed=TARGET");
    let target = std::env::var("TARGET").unwrap_or_default();
    if target.starts_with("thumbv6m") {
        println!("cargo::rustc-cfg=tinyml_no_wide_multiply");
    }
}
