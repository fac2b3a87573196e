//! Computes the host's predictions that the firmware must reproduce: the
//! digits model of `examples/digits/model.rs` (the same declaration and
//! weights the firmware uses), built for the host by this build script, run
//! on every held-out image in f32, I16F16 and I8F8. Writes the outputs to
//! `$OUT_DIR/host_digits.rs` as `f32` bit patterns.
use std::{env, fmt::Write as _, fs, path::PathBuf};

use tinyml::fixed::types::{I8F8, I16F16};

include!("../digits/model.rs");

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    for file in ["model.rs", "digits_f32.bin", "test_images.u8"] {
        println!("cargo::rerun-if-changed=../digits/{file}");
    }
    let pixels = fs::read("../digits/test_images.u8").expect("read ../digits/test_images.u8");
    let images: Vec<[f32; 64]> = pixels
        .chunks_exact(64)
        .map(|p| core::array::from_fn(|i| f32::from(p[i]) / 16.0))
        .collect();

    let mut f32_model = Digits::new();
    let mut wide = DigitsI16F16::new();
    let mut narrow = DigitsI8F8::new();
    let (mut f32_out, mut wide_out, mut narrow_out) = (Vec::new(), Vec::new(), Vec::new());
    for image in &images {
        f32_out.extend(*f32_model.predict(image));
        wide_out.extend(
            wide.predict(&image.map(I16F16::from_num))
                .map(|q| q.to_num::<f32>()),
        );
        narrow_out.extend(
            narrow
                .predict(&image.map(I8F8::from_num))
                .map(|q| q.to_num::<f32>()),
        );
    }

    let mut code = format!(
        "/// Number of held-out images.\npub const IMAGES: usize = {};\n",
        images.len()
    );
    for (name, what, values) in [
        ("HOST_F32", "f32", &f32_out),
        ("HOST_I16F16", "I16F16", &wide_out),
        ("HOST_I8F8", "I8F8", &narrow_out),
    ] {
        write!(
            code,
            "/// The host's outputs of the {what} model (as `f32` bits), image after image.\n\
             pub static {name}: [u32; {}] = [",
            values.len()
        )
        .expect("write to String");
        for v in values {
            write!(code, "{:#x},", v.to_bits()).expect("write to String");
        }
        code += "];\n";
    }
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo"));
    fs::write(out.join("host_digits.rs"), code).expect("write host_digits.rs");
}
