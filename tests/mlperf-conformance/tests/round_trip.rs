//! The project's own digits model: exported to `.tflite` by
//! `tools/train_digits.py`, imported by `tinyml import`, it computes exactly
//! what the hand-declared `tiny_model!` computes.

include!("../../../examples/digits/model.rs");

use mlperf_conformance::digits_imported::DigitsImported;

const IMAGES: &[u8] = include_bytes!("../../../examples/digits/test_images.u8");

#[test]
fn imported_digits_equal_the_hand_declared_model() {
    let mut imported = DigitsImported::new();
    let mut declared = Digits::new();
    let mut images = 0;
    for pixels in IMAGES.chunks_exact(64) {
        let image: [f32; 64] = core::array::from_fn(|i| f32::from(pixels[i]) / 16.0);
        assert_eq!(imported.predict(&image), declared.predict(&image));
        images += 1;
    }
    assert_eq!(images, 360);
    assert_eq!(DigitsImported::RAM_BYTES, Digits::RAM_BYTES);
    assert_eq!(DigitsImported::PARAMS, Digits::PARAMS);
}
