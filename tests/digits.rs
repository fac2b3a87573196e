//! Golden-vector test: the digits model declared with `tiny_model!` against
//! the Keras model's own outputs on the held-out set (saved by
//! `tools/train_digits.py`).

include!("../examples/digits/model.rs");

use tinyml::fixed::types::{I8F8, I16F16};

const IMAGES: &[u8] = include_bytes!("../examples/digits/test_images.u8");
const LABELS: &[u8] = include_bytes!("../examples/digits/test_labels.u8");
const KERAS: &[u8] = include_bytes!("../examples/digits/keras_f32_outputs.bin");

fn image(index: usize) -> [f32; 64] {
    core::array::from_fn(|i| f32::from(IMAGES[index * 64 + i]) / 16.0)
}

fn keras(index: usize) -> [f32; 10] {
    core::array::from_fn(|i| {
        let at = (index * 10 + i) * 4;
        f32::from_le_bytes(KERAS[at..at + 4].try_into().unwrap())
    })
}

fn argmax(values: impl IntoIterator<Item = f32>) -> usize {
    values
        .into_iter()
        .enumerate()
        .fold(
            (0, f32::MIN),
            |best, (i, v)| if v > best.1 { (i, v) } else { best },
        )
        .0
}

#[test]
fn held_out_set_has_the_expected_size() {
    assert_eq!(IMAGES.len(), LABELS.len() * 64);
    assert_eq!(KERAS.len(), LABELS.len() * 40);
    assert_eq!(LABELS.len(), 360);
}

#[test]
fn f32_matches_keras_within_1e_5() {
    let mut model = Digits::new();
    let mut worst = 0.0f32;
    for index in 0..LABELS.len() {
        let ours = model.predict(&image(index));
        for (a, b) in ours.iter().zip(keras(index)) {
            worst = worst.max((a - b).abs());
        }
    }
    println!("largest |tinyml - keras| over 3600 outputs: {worst:e}");
    assert!(worst <= 1e-5, "largest difference {worst}");
}

#[test]
fn f32_accuracy_is_at_least_95_percent() {
    let mut model = Digits::new();
    let correct = (0..LABELS.len())
        .filter(|&i| argmax(model.predict(&image(i)).iter().copied()) == usize::from(LABELS[i]))
        .count();
    assert!(
        correct * 100 >= 95 * LABELS.len(),
        "{correct}/{}",
        LABELS.len()
    );
}

#[test]
fn fixed_point_models_agree_with_f32() {
    let mut f32_model = Digits::new();
    let mut wide = DigitsI16F16::new();
    let mut narrow = DigitsI8F8::new();
    let (mut wide_agree, mut narrow_agree) = (0, 0);
    let mut worst_wide = 0.0f32;
    for index in 0..LABELS.len() {
        let input = image(index);
        let reference = *f32_model.predict(&input);
        let expected = argmax(reference);
        let out = wide.predict(&input.map(I16F16::from_num));
        for (q, r) in out.iter().zip(reference) {
            worst_wide = worst_wide.max((q.to_num::<f32>() - r).abs());
        }
        wide_agree += usize::from(argmax(out.iter().map(|q| q.to_num::<f32>())) == expected);
        let out = narrow.predict(&input.map(I8F8::from_num));
        narrow_agree += usize::from(argmax(out.iter().map(|q| q.to_num::<f32>())) == expected);
    }
    println!(
        "I16F16: {wide_agree}/360 agree, worst |diff| {worst_wide:e}; I8F8: {narrow_agree}/360 agree"
    );
    assert!(worst_wide < 1e-3, "I16F16 differs from f32 by {worst_wide}");
    assert_eq!(wide_agree, LABELS.len());
    assert!(
        narrow_agree * 100 >= 95 * LABELS.len(),
        "I8F8 agrees on only {narrow_agree}"
    );
}

#[test]
fn memory_is_planned_to_the_largest_layer_pair() {
    // conv2d(1x1) reads 4x4x16 and writes 4x4x24 … the largest pair is the
    // depthwise layer: 8x8x16 in + 8x8x16 out.
    assert_eq!(Digits::RAM_BYTES, 2 * 8 * 8 * 16 * 4);
    assert_eq!(DigitsI8F8::RAM_BYTES, 2 * 8 * 8 * 16 * 2);
    assert_eq!(Digits::PARAMS, 4578);
    assert_eq!(
        Digits::MACS,
        8 * 8 * 16 * 9 + 8 * 8 * 16 * 9 + 4 * 4 * 24 * 16 + 384 * 10
    );
}

mod int8 {
    // Written by `tinyml import examples/digits/digits_int8.tflite --name DigitsInt8`.
    include!("../examples/digits/int8/mod.rs");
}

const IMAGES_INT8: &[u8] = include_bytes!("../examples/digits/test_images_int8.bin");
const TFLM_INT8: &[u8] = include_bytes!("../examples/digits/tflm_int8_outputs.bin");

#[test]
fn int8_matches_tflite_micro_byte_for_byte() {
    use int8::DigitsInt8;
    let mut model = DigitsInt8::new();
    let mut differing = 0;
    for (index, (pixels, expected)) in IMAGES_INT8
        .chunks_exact(64)
        .zip(TFLM_INT8.chunks_exact(10))
        .enumerate()
    {
        let input: [i8; 64] = core::array::from_fn(|i| pixels[i] as i8);
        let ours = model.predict(&input);
        let expected: [i8; 10] = core::array::from_fn(|i| expected[i] as i8);
        if *ours != expected {
            differing += 1;
            println!("image {index}: ours {ours:?}, tflite-micro {expected:?}");
        }
    }
    assert_eq!(differing, 0);
}

#[test]
fn int8_quantize_matches_the_saved_int8_inputs() {
    use int8::DigitsInt8;
    for (pixels, quantized) in IMAGES.chunks_exact(64).zip(IMAGES_INT8.chunks_exact(64)) {
        let real: [f32; 64] = core::array::from_fn(|i| f32::from(pixels[i]) / 16.0);
        let ours = DigitsInt8::quantize(&real);
        let expected: [i8; 64] = core::array::from_fn(|i| quantized[i] as i8);
        assert_eq!(ours, expected);
    }
    assert_eq!(
        (DigitsInt8::OUTPUT_SCALE, DigitsInt8::OUTPUT_ZERO_POINT),
        (1.0 / 256.0, -128)
    );
    // In `i8` the depthwise layer runs in place: its 8x8x16 beside the
    // pooled 4x4x16 is the peak.
    assert_eq!(DigitsInt8::RAM_BYTES, 8 * 8 * 16 + 4 * 4 * 16);
}
