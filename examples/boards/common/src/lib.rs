//! What the three board examples share: the project's digits int8 model
//! (`examples/digits/int8/`), the first [`IMAGES`] held-out images with their
//! labels and tflite-micro's outputs on them, and [`run`], which predicts
//! each image, times it with the board's cycle counter and compares the
//! output with TFLM's byte for byte. Each board prints the [`Outcome`]s its
//! own way (`defmt` over RTT, or the ESP32-C3's serial console).
#![no_std]

include!("../../../digits/int8/mod.rs");

/// Held-out images that the boards run (the first ones of the 360).
pub const IMAGES: usize = 20;

const INPUT: usize = DigitsInt8::INPUT_LEN;
const OUTPUT: usize = DigitsInt8::OUTPUT_LEN;

// Only the first `IMAGES` records are copied into these statics (in const
// evaluation), so the rest of each file never reaches the board's flash.
/// The images quantized to the model's int8 input (as bytes).
static TEST_IMAGES: [[u8; INPUT]; IMAGES] =
    records(include_bytes!("../../../digits/test_images_int8.bin"));
/// tflite-micro's int8 outputs on them (as bytes).
static TFLM: [[u8; OUTPUT]; IMAGES] =
    records(include_bytes!("../../../digits/tflm_int8_outputs.bin"));
/// Their true classes.
static LABELS: [[u8; 1]; IMAGES] = records(include_bytes!("../../../digits/test_labels.u8"));

/// The first `N` records of `LEN` bytes of `file`.
const fn records<const LEN: usize, const N: usize>(file: &[u8]) -> [[u8; LEN]; N] {
    assert!(
        file.len() >= N * LEN,
        "the file has fewer records than asked"
    );
    let mut out = [[0; LEN]; N];
    let mut i = 0;
    while i < N * LEN {
        out[i / LEN][i % LEN] = file[i];
        i += 1;
    }
    out
}

/// A board's cycle counter.
pub trait CycleCounter {
    /// The counter now.
    fn read(&mut self) -> u32;
    /// Cycles from reading `start` to reading `end` (an up-counter that wraps
    /// at 2^32 by default).
    fn elapsed(&self, start: u32, end: u32) -> u32 {
        end.wrapping_sub(start)
    }
}

/// What one image gave.
#[derive(Clone, Copy, Debug)]
pub struct Outcome {
    /// Which held-out image (0-based).
    pub image: usize,
    /// The model's class: the index of its largest output.
    pub predicted: usize,
    /// The image's true class.
    pub label: usize,
    /// The output equals tflite-micro's, every byte.
    pub matches_tflm: bool,
    /// Cycles of the inference (`predict` alone).
    pub cycles: u32,
}

/// Totals over the images of one [`run`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Summary {
    /// Images run.
    pub images: usize,
    /// Images whose prediction is the label.
    pub correct: usize,
    /// Images whose output is tflite-micro's byte for byte.
    pub matching_tflm: usize,
    /// Fewest cycles of one inference.
    pub min_cycles: u32,
    /// Most cycles of one inference.
    pub max_cycles: u32,
}

impl Summary {
    /// Every output matched tflite-micro's.
    pub fn all_match(&self) -> bool {
        self.matching_tflm == self.images
    }
}

/// Runs the model on each of the [`IMAGES`], timing each inference with
/// `counter`; hands each [`Outcome`] to `report` as it comes.
pub fn run(counter: &mut impl CycleCounter, mut report: impl FnMut(&Outcome)) -> Summary {
    let mut model = DigitsInt8::new();
    let mut summary = Summary {
        min_cycles: u32::MAX,
        ..Summary::default()
    };
    for (image, ((input, expected), label)) in
        TEST_IMAGES.iter().zip(&TFLM).zip(&LABELS).enumerate()
    {
        let input = input.map(|b| b as i8);
        let start = counter.read();
        let output = model.predict(&input);
        let end = counter.read();
        let outcome = Outcome {
            image,
            predicted: argmax(output),
            label: usize::from(label[0]),
            matches_tflm: output.map(|q| q as u8) == *expected,
            cycles: counter.elapsed(start, end),
        };
        summary.images += 1;
        summary.correct += usize::from(outcome.predicted == outcome.label);
        summary.matching_tflm += usize::from(outcome.matches_tflm);
        summary.min_cycles = summary.min_cycles.min(outcome.cycles);
        summary.max_cycles = summary.max_cycles.max(outcome.cycles);
        report(&outcome);
    }
    summary
}

/// Index of the largest output (the first one on ties, as TFLite's argmax).
fn argmax(output: &[i8; OUTPUT]) -> usize {
    let mut best = 0;
    for (i, &q) in output.iter().enumerate() {
        if q > output[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts its own reads, so each inference takes one "cycle".
    struct Reads(u32);
    impl CycleCounter for Reads {
        fn read(&mut self) -> u32 {
            self.0 = self.0.wrapping_add(1);
            self.0
        }
    }

    #[test]
    fn every_image_matches_tflm_and_the_labels_are_the_files() {
        let mut labels = [0; IMAGES];
        let summary = run(&mut Reads(u32::MAX - 4), |outcome| {
            labels[outcome.image] = outcome.label;
            assert!(outcome.matches_tflm, "image {}", outcome.image);
            assert_eq!(outcome.cycles, 1, "the counter wraps at 2^32");
        });
        assert!(summary.all_match());
        assert_eq!((summary.images, summary.correct), (IMAGES, IMAGES));
        assert_eq!(labels[..5], [0, 7, 0, 3, 8]);
    }
}
