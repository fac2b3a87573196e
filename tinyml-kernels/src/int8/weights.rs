//! Compile-time decoders from weight-file bytes to `i8` and `i32` arrays,
//! the `int8` counterparts of [`crate::weights`].
//!
//! ```
//! use tinyml_kernels::int8::weights::{i8_array, i32_le};
//!
//! const W: [i8; 3] = i8_array(&[0x01, 0xff, 0x80]);
//! const B: [i32; 2] = i32_le(&[0x01, 0x00, 0x00, 0x00, 0xfe, 0xff, 0xff, 0xff]);
//! assert_eq!(W, [1, -1, -128]);
//! assert_eq!(B, [1, -2]);
//! ```
//!
//! Like the float decoders they are `const fn`: in a `const` item a wrong
//! length is a compile error.

/// Decodes `N` bytes as `i8` values (two's complement).
///
/// # Panics
///
/// If `bytes.len() != N` (at compile time when used in a `const`).
pub const fn i8_array<const N: usize>(bytes: &[u8]) -> [i8; N] {
    assert!(
        bytes.len() == N,
        "int8 weight data must hold exactly 1 byte per value"
    );
    let mut out = [0; N];
    let mut i = 0;
    while i < N {
        out[i] = bytes[i] as i8;
        i += 1;
    }
    out
}

/// Decodes `N` little-endian `i32` values (biases).
///
/// # Panics
///
/// If `bytes.len() != 4 * N` (at compile time when used in a `const`).
pub const fn i32_le<const N: usize>(bytes: &[u8]) -> [i32; N] {
    assert!(
        bytes.len() == 4 * N,
        "int32 data must hold exactly 4 bytes per value"
    );
    let mut out = [0; N];
    let mut i = 0;
    while i < N {
        let b = 4 * i;
        out[i] = i32::from_le_bytes([bytes[b], bytes[b + 1], bytes[b + 2], bytes[b + 3]]);
        i += 1;
    }
    out
}
