//! TFLM's `int16` LOGISTIC and TANH (`reference_integer_ops::Logistic` and
//! `Tanh` on `int16_t`), which the integer LSTM applies to its gates and
//! cell state: a rescaled input, a linear interpolation in one 256-entry
//! table of the logistic function (tanh reads it as `tanh x = 2 ·
//! sigmoid(2x) − 1`), and a rounding shift to Q0.15.
//!
//! The table is no closed formula: its entries differ from `65536 ·
//! sigmoid(i / 24)` by up to 1.2. `int16_sigmoid_table.rs` holds the values
//! `tools/measure_int16_activation_table.py` measured from tflite-micro's
//! int16 LOGISTIC and TANH (each entry the only one near the logistic
//! function that reproduces every output), and `golden/int16_activation.bin`
//! tflite-micro's outputs, which the tests below compare.

use super::int16_sigmoid_table::SIGMOID_TABLE;

/// The input rescaling of an `int16` LOGISTIC or TANH: `(x · multiplier +
/// round) >> shift`, TFLM's `input_multiplier`/`input_left_shift` after its
/// "power of two" case (a zero multiplier means `3 << shift`, shift 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Int16Rescale {
    /// The multiplier, after TFLM's power-of-two case.
    pub multiplier: i32,
    /// The right shift (`≥ 0`), rounding half up.
    pub shift: i32,
}

impl Int16Rescale {
    /// TFLM's rescaling for its `(input_multiplier, input_left_shift)`.
    pub const fn of(input_multiplier: i32, input_left_shift: i32) -> Int16Rescale {
        if input_multiplier == 0 {
            Int16Rescale {
                multiplier: 3 << input_left_shift,
                shift: 0,
            }
        } else {
            Int16Rescale {
                multiplier: input_multiplier,
                shift: input_left_shift,
            }
        }
    }

    #[inline(always)]
    const fn apply(self, x: i16) -> i32 {
        let round = if self.shift > 0 {
            1 << (self.shift - 1)
        } else {
            0
        };
        (x as i32 * self.multiplier + round) >> self.shift
    }
}

/// The logistic function of `x · 2^-12` (after `rescale`) in Q0.15.
#[inline(always)]
pub const fn logistic_i16(x: i16, rescale: Int16Rescale) -> i16 {
    let input = rescale.apply(x);
    let magnitude = input.unsigned_abs();
    let index = (magnitude >> 9) as usize;
    let interpolated = if index >= 255 {
        0x7FFF << 10
    } else {
        let (low, high) = (SIGMOID_TABLE[index], SIGMOID_TABLE[index + 1]);
        (low << 9).wrapping_add((magnitude & 0x1FF).wrapping_mul(high.wrapping_sub(low)))
    };
    // sigmoid(−x) = 1 − sigmoid(x), with TFLM's rounding terms.
    let result = if input >= 0 {
        interpolated.wrapping_add(1 << 9)
    } else {
        (1u32 << 25)
            .wrapping_sub(interpolated)
            .wrapping_add((1 << 9) - 1)
    };
    (result >> 10) as i16
}

/// The hyperbolic tangent of `x · 2^-12` (after `rescale`) in Q0.15.
#[inline(always)]
pub const fn tanh_i16(x: i16, rescale: Int16Rescale) -> i16 {
    let input = rescale.apply(x);
    let magnitude = input.unsigned_abs();
    let index = (magnitude >> 8) as usize;
    let interpolated = if index >= 255 {
        0xFFFF << 8
    } else {
        let (low, high) = (SIGMOID_TABLE[index], SIGMOID_TABLE[index + 1]);
        (low << 8).wrapping_add((magnitude & 0xFF).wrapping_mul(high.wrapping_sub(low))) as i32
    };
    let result = if input >= 0 {
        interpolated - (1 << 23) + (1 << 7)
    } else {
        -interpolated + (1 << 23) + (1 << 7) - 1
    };
    (result >> 8) as i16
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;

    #[test]
    fn the_table_is_the_logistic_function() {
        for (i, &entry) in SIGMOID_TABLE.iter().enumerate() {
            let exact = 65536.0 / (1.0 + (-(i as f64) / 24.0).exp());
            // TFLM's entries are off by up to 1.2 from the exact value.
            assert!((f64::from(entry) - exact).abs() < 1.5, "entry {i}");
        }
    }

    #[test]
    fn close_to_the_real_functions() {
        // The LSTM's gate rescaling: multiplier 3, shift 0, on Q3.12.
        let gate = Int16Rescale::of(0, 0);
        for x in (i16::MIN..=i16::MAX).step_by(7) {
            let real = f64::from(x) / 4096.0;
            let sigmoid = f64::from(logistic_i16(x, gate)) / 32768.0;
            let tanh = f64::from(tanh_i16(x, gate)) / 32768.0;
            assert!(
                (sigmoid - 1.0 / (1.0 + (-real).exp())).abs() < 2e-4,
                "sigmoid {x}"
            );
            assert!((tanh - real.tanh()).abs() < 4e-4, "tanh {x}");
        }
        assert_eq!(logistic_i16(0, gate), 16384);
        assert_eq!(tanh_i16(0, gate), 0);
        // The cell state's rescaling at scale 2^-11: a shift of 1.
        let cell = Int16Rescale::of(0, 1);
        assert_eq!(tanh_i16(2048, cell), tanh_i16(4096, gate));
    }

    /// tflite-micro's outputs for every `GOLDEN_STRIDE`-th int16 input at a
    /// few rescales (the layout is in the script's docstring).
    const GOLDEN: &[u8] = include_bytes!("golden/int16_activation.bin");
    const GOLDEN_STRIDE: usize = 7;

    #[test]
    fn equals_tflite_micro() {
        const LOGISTIC: u8 = 0;
        const TANH: u8 = 1;
        let inputs = (i16::MIN..=i16::MAX).step_by(GOLDEN_STRIDE);
        let mut rest = GOLDEN;
        let mut rescales = std::vec::Vec::new();
        while !rest.is_empty() {
            let (header, body) = rest.split_at(11);
            let (steps, next) = body.split_at(inputs.len() - 1);
            rest = next;
            let op = header[0];
            let word = |at: usize| i32::from_le_bytes(header[at..at + 4].try_into().unwrap());
            let (multiplier, shift) = (word(1), word(5));
            let rescale = Int16Rescale::of(multiplier, shift);
            let function = match op {
                LOGISTIC => logistic_i16,
                TANH => tanh_i16,
                _ => panic!("op {op}"),
            };
            let mut expected = i16::from_le_bytes([header[9], header[10]]);
            for (k, x) in inputs.clone().enumerate() {
                if k > 0 {
                    expected += i16::from(steps[k - 1]);
                }
                let got = function(x, rescale);
                assert_eq!(
                    got, expected,
                    "op {op} at ({multiplier}, {shift}), input {x}"
                );
            }
            rescales.push((op, multiplier, shift));
        }
        // The LSTM's gates (Q3.12), a cell state's tanh (Q4.11) and one
        // rounding rescale each.
        let expected = [
            (LOGISTIC, 0, 0),
            (LOGISTIC, 16437, 12),
            (TANH, 0, 0),
            (TANH, 0, 1),
            (TANH, 16693, 13),
        ];
        assert_eq!(rescales, expected);
    }
}
