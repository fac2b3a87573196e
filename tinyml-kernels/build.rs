//! Tells the kernels whether the target multiplies 32 × 32 → 64 bits in
//! hardware: the packed int8 fast paths accumulate in `i64` (one `SMLAL`
//! for two products on Cortex-M3/M4/M33, `MUL` + `MULH` on RISC-V), which
//! ARMv6-M (Cortex-M0/M0+, `thumbv6m`) turns into a library call per
//! multiply. There the general `i32` loops are faster, and give the same
//! bits.
fn main() {
    println!("cargo::rustc-check-cfg=cfg(tinyml_no_wide_multiply)");
    println!("cargo::rerun-if-env-changed=TARGET");
    let target = std::env::var("TARGET").unwrap_or_default();
    if target.starts_with("thumbv6m") {
        println!("cargo::rustc-cfg=tinyml_no_wide_multiply");
    }
}
