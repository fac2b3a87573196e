//! Puts `board/memory.x` (QEMU mps2-an386) on the linker search path.
//!
//! It lives in `board/`, not the package root, so that a second board can be
//! added later by choosing another file here.
use std::{env, fs, path::PathBuf};

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR is set by cargo"));
    fs::copy("board/memory.x", out.join("memory.x")).expect("copy board/memory.x");
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rerun-if-changed=board/memory.x");
    println!("cargo:rerun-if-changed=build.rs");
}
