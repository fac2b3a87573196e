//! Puts `board/memory.x` (QEMU mps2-an386) on the linker search path of the
//! firmware that depends on this crate (`cortex-m-rt`'s `link.x` includes it).
//!
//! It lives in `board/`, not in a package root, where `cortex-m-rt` would pick
//! it up regardless: another board is then a matter of choosing another file.
use std::{env, fs, path::PathBuf};

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR is set by cargo"));
    // ARMv8-M runs on mps2-an505, whose memory map differs; every other
    // core on mps2-an385/an386.
    let target = env::var("TARGET").unwrap_or_default();
    let board = if target.starts_with("thumbv8m") {
        "board/mps2-an505.x"
    } else {
        "board/memory.x"
    };
    fs::copy(board, out.join("memory.x")).expect("copy the board's memory map");
    println!("cargo::rustc-check-cfg=cfg(mps2_an505)");
    if target.starts_with("thumbv8m") {
        println!("cargo:rustc-cfg=mps2_an505");
    }
    println!("cargo:rerun-if-changed={board}");
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rerun-if-changed=board/memory.x");
    println!("cargo:rerun-if-changed=build.rs");
}
