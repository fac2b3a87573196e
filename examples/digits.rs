//! Runs the digits CNN, declared with `tiny_model!`, over scikit-learn's
//! held-out digits and prints its accuracy in f32, fixed point and int8.
//!
//! ```sh
//! cargo run --release --example digits
//! ```

include!("digits/model.rs");

mod int8 {
    // Written by `tinyml import examples/digits/digits_int8.tflite --name DigitsInt8`.
    include!("digits/int8/mod.rs");
}

use tinyml::fixed::types::{I8F8, I16F16};

const IMAGES: &[u8] = include_bytes!("digits/test_images.u8");
const LABELS: &[u8] = include_bytes!("digits/test_labels.u8");

// `const fn new()`: models can live in statics; here they are locals.
fn main() {
    let images: Vec<[f32; 64]> = IMAGES
        .chunks_exact(64)
        .map(|pixels| core::array::from_fn(|i| f32::from(pixels[i]) / 16.0))
        .collect();
    let labels: Vec<usize> = LABELS.iter().map(|&l| usize::from(l)).collect();

    println!(
        "Digits CNN: {} parameters, {} MACs per image",
        Digits::PARAMS,
        Digits::MACS
    );
    println!(
        "Held-out set: {} images of 8x8 pixels (scikit-learn digits)\n",
        labels.len()
    );

    let mut model = Digits::new();
    let f32_predictions: Vec<usize> = images
        .iter()
        .map(|image| argmax(model.predict(image)))
        .collect();
    show_examples(&images, &labels, &f32_predictions);

    let mut wide = DigitsI16F16::new();
    let wide_predictions: Vec<usize> = images
        .iter()
        .map(|image| {
            argmax(
                &wide
                    .predict(&image.map(I16F16::from_num))
                    .map(|q| q.to_num()),
            )
        })
        .collect();
    let mut narrow = DigitsI8F8::new();
    let narrow_predictions: Vec<usize> = images
        .iter()
        .map(|image| {
            argmax(
                &narrow
                    .predict(&image.map(I8F8::from_num))
                    .map(|q| q.to_num()),
            )
        })
        .collect();

    let mut quantized = int8::DigitsInt8::new();
    let int8_predictions: Vec<usize> = images
        .iter()
        .map(|image| {
            let input = int8::DigitsInt8::quantize(image);
            argmax(&int8::DigitsInt8::dequantize(quantized.predict(&input)))
        })
        .collect();

    report("f32", &f32_predictions, &labels, Digits::RAM_BYTES);
    report(
        "I16F16",
        &wide_predictions,
        &labels,
        DigitsI16F16::RAM_BYTES,
    );
    report("I8F8", &narrow_predictions, &labels, DigitsI8F8::RAM_BYTES);
    report(
        "int8",
        &int8_predictions,
        &labels,
        int8::DigitsInt8::RAM_BYTES,
    );
    println!("\n(int8: TFLite full-integer quantization, bit-exact with TensorFlow Lite Micro)");
}

fn report(name: &str, predictions: &[usize], labels: &[usize], ram: usize) {
    let correct = predictions
        .iter()
        .zip(labels)
        .filter(|(p, l)| p == l)
        .count();
    let accuracy = correct as f64 / labels.len() as f64;
    println!(
        "{name:<7} accuracy {accuracy:.4} ({correct}/{})   RAM {ram} bytes",
        labels.len()
    );
}

/// Prints the first few images as ASCII art with the label and prediction.
fn show_examples(images: &[[f32; 64]], labels: &[usize], predictions: &[usize]) {
    const SHADES: &[u8] = b" .:-=+*#%@";
    const SHOWN: usize = 6;
    for row in 0..8 {
        let line: Vec<String> = images[..SHOWN]
            .iter()
            .map(|image| {
                (0..8)
                    .map(|col| char::from(SHADES[(image[row * 8 + col] * 9.0).round() as usize]))
                    .collect()
            })
            .collect();
        println!("  {}", line.join("   "));
    }
    let captions: Vec<String> = (0..SHOWN)
        .map(|i| format!("{} -> {}", labels[i], predictions[i]))
        .collect();
    println!(
        "  {}\n  (label -> prediction)\n",
        captions
            .iter()
            .map(|c| format!("{c:<8}"))
            .collect::<Vec<_>>()
            .join("   ")
    );
}

fn argmax(values: &[f32; 10]) -> usize {
    (0..10).fold(0, |best, i| if values[i] > values[best] { i } else { best })
}
