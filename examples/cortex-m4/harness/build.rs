//! Puts the board's memory map on the linker search path, as `memory.x`, of
//! the firmware that depends on this crate (`cortex-m-rt`'s and `riscv-rt`'s
//! `link.x` include it):
//!
//! * `board/memory.x`: QEMU mps2-an385/an386 (Cortex-M3, M4F, ARMv6-M code);
//! * `board/mps2-an505.x`: QEMU mps2-an505 (Cortex-M33, ARMv8-M);
//! * `board/qemu-virt.x`: QEMU virt (RISC-V).
//!
//! They live in `board/`, not in a package root, where `cortex-m-rt` would
//! pick one up regardless: another board is then a matter of choosing another
//! file.
use std::{env, fs, path::PathBuf};

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR is set by cargo"));
    let target = env::var("TARGET").unwrap_or_default();
    let board = if target.starts_with("thumbv8m") {
        "board/mps2-an505.x"
    } else if target.starts_with("riscv") {
        "board/qemu-virt.x"
    } else {
        "board/memory.x"
    };
    fs::copy(board, out.join("memory.x")).expect("copy the board's memory map");
    println!("cargo::rustc-check-cfg=cfg(mps2_an505)");
    if target.starts_with("thumbv8m") {
        println!("cargo:rustc-cfg=mps2_an505");
    }
    println!("cargo:rerun-if-changed=board");
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rerun-if-changed=build.rs");
}
