//! Puts `board/memory.x` (QEMU mps2-an386) on the linker search path of the
//! firmware that depends on this crate (`cortex-m-rt`'s `link.x` includes it).
//!
//! It lives in `board/`, not in a package root, where `cortex-m-rt` would pick
//! it up regardless: another board is then a matter of choosing another file.
use std::{env, fs, path::PathBuf};

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR is set by cargo"));
    fs::copy("board/memory.x", out.join("memory.x")).expect("copy board/memory.x");
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rerun-if-changed=board/memory.x");
    println!("cargo:rerun-if-changed=build.rs");
}
