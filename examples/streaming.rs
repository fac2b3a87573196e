//! Runs a gesture model frame by frame, as a device reads its
//! accelerometer: each 50 Hz frame goes to `step`, which updates the
//! model's state and, every fourth frame, gives the classes' scores over
//! the last 0.8 s. Prints each gesture when it is detected and ends.
//!
//! The model (`examples/gestures/`, trained by `tools/train_gestures.py`
//! on synthetic data, imported with `tinyml import --stream`) is an int8
//! Conv1D classifier of 40 frames into rest, shake and tap. The signal here
//! is synthetic too: rest, a shake, rest, a tap, rest.
//!
//! ```sh
//! cargo run --example streaming
//! ```

mod gestures {
    // Written by `tinyml import examples/gestures/gestures_int8.tflite --name Gestures --out examples/gestures/int8 --stream`.
    include!("gestures/int8/mod.rs");
}

use gestures::Gestures;

const RATE: f32 = 50.0;
const CLASSES: [&str; 3] = ["rest", "shake", "tap"];

fn main() {
    let signal = signal();
    println!(
        "Gestures: {} parameters, {} MACs per 40-frame window; {} bytes of RAM, {} of them streaming state",
        Gestures::PARAMS,
        Gestures::MACS,
        Gestures::RAM_BYTES,
        Gestures::STATE_BYTES
    );
    println!("{} frames of 3 axes at {RATE} Hz\n", signal.len());
    let mut model = Gestures::new();
    let (mut current, mut previous, mut outputs) = (0, 0, 0);
    for (t, frame) in signal.iter().enumerate() {
        let Some(scores) = model.step(&frame.map(quantize)) else {
            continue;
        };
        outputs += 1;
        // Until a whole window has arrived, the model also sees the zeros
        // that `new()` (or `reset()`) starts from.
        if t + 1 < Gestures::INPUT_SHAPE[0] {
            continue;
        }
        let (class, p) = best(&scores.map(dequantize));
        // A gesture is detected when two outputs in a row agree on it.
        if class != current && class == previous && p >= 0.8 {
            current = class;
            println!(
                "{:5.2} s  {:<5}  (p = {p:.2})",
                (t + 1) as f32 / RATE,
                CLASSES[class]
            );
        }
        previous = class;
    }
    println!("\n{outputs} outputs, one every 4 frames (the layers' strides: 2 · 2)");
}

/// The most likely class and its probability.
fn best(probabilities: &[f32; 3]) -> (usize, f32) {
    probabilities
        .iter()
        .copied()
        .enumerate()
        .fold(
            (0, f32::MIN),
            |best, (k, p)| if p > best.1 { (k, p) } else { best },
        )
}

/// A frame in g as the model's int8 input.
fn quantize(x: f32) -> i8 {
    let q = (x / Gestures::INPUT_SCALE).round() as i32 + Gestures::INPUT_ZERO_POINT;
    q.clamp(-128, 127) as i8
}

/// A score as a probability.
fn dequantize(q: i8) -> f32 {
    (i32::from(q) - Gestures::OUTPUT_ZERO_POINT) as f32 * Gestures::OUTPUT_SCALE
}

/// 8 s of accelerations in g: gravity on z and sensor noise; a 6 Hz shake
/// along x and y from 2 s to 3.5 s; a tap on z at 5.5 s.
fn signal() -> Vec<[f32; 3]> {
    let mut noise = Noise(0x2545_f491);
    (0..400)
        .map(|n| {
            let t = n as f32 / RATE;
            let mut frame = [noise.next(), noise.next(), 1.0 + noise.next()];
            if (2.0..3.5).contains(&t) {
                let phase = 2.0 * core::f32::consts::PI * 6.0 * t;
                frame[0] += phase.sin();
                frame[1] += 0.5 * phase.cos();
            }
            match n {
                275 | 276 => frame[2] += 2.2,
                277 => frame[2] -= 0.5,
                _ => {}
            }
            frame
        })
        .collect()
}

/// Sensor noise: uniform in ±0.05 g, from a xorshift generator.
struct Noise(u32);

impl Noise {
    fn next(&mut self) -> f32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 17;
        self.0 ^= self.0 << 5;
        (self.0 as f32 / u32::MAX as f32 - 0.5) * 0.1
    }
}
