//! TFLM's `int16` LOGISTIC and TANH (`reference_integer_ops::Logistic` and
//! `Tanh` on `int16_t`), which the integer LSTM applies to its gates and
//! cell state: a rescaled input, a linear interpolation in one 256-entry
//! table of the logistic function, and a rounding shift to Q0.15.

/// `65536 · sigmoid(i / 24)` for `i` in `0..256`, as TensorFlow Lite's
/// `sigmoid_table_uint16` holds it (each within 1.2 of the exact value, the
/// last saturated to 65535). Tanh reads it too, as `tanh x = 2 · sigmoid(2x) − 1`. These are
/// TensorFlow Lite's values (its rounding is not a formula one can
/// reproduce), the data its kernels need to be matched bit for bit.
const SIGMOID_TABLE: [u32; 256] = [
    32768, 33451, 34133, 34813, 35493, 36169, 36843, 37513, 38180, 38841, 39498, 40149, 40794,
    41432, 42064, 42688, 43304, 43912, 44511, 45102, 45683, 46255, 46817, 47369, 47911, 48443,
    48964, 49475, 49975, 50464, 50942, 51409, 51865, 52311, 52745, 53169, 53581, 53983, 54374,
    54755, 55125, 55485, 55834, 56174, 56503, 56823, 57133, 57433, 57724, 58007, 58280, 58544,
    58800, 59048, 59288, 59519, 59743, 59959, 60168, 60370, 60565, 60753, 60935, 61110, 61279,
    61441, 61599, 61750, 61896, 62036, 62172, 62302, 62428, 62549, 62666, 62778, 62886, 62990,
    63090, 63186, 63279, 63368, 63454, 63536, 63615, 63691, 63765, 63835, 63903, 63968, 64030,
    64090, 64148, 64204, 64257, 64308, 64357, 64405, 64450, 64494, 64536, 64576, 64614, 64652,
    64687, 64721, 64754, 64786, 64816, 64845, 64873, 64900, 64926, 64950, 64974, 64997, 65019,
    65039, 65060, 65079, 65097, 65115, 65132, 65149, 65164, 65179, 65194, 65208, 65221, 65234,
    65246, 65258, 65269, 65280, 65291, 65301, 65310, 65319, 65328, 65337, 65345, 65352, 65360,
    65367, 65374, 65381, 65387, 65393, 65399, 65404, 65410, 65415, 65420, 65425, 65429, 65433,
    65438, 65442, 65445, 65449, 65453, 65456, 65459, 65462, 65465, 65468, 65471, 65474, 65476,
    65479, 65481, 65483, 65485, 65488, 65489, 65491, 65493, 65495, 65497, 65498, 65500, 65501,
    65503, 65504, 65505, 65507, 65508, 65509, 65510, 65511, 65512, 65513, 65514, 65515, 65516,
    65517, 65517, 65518, 65519, 65520, 65520, 65521, 65522, 65522, 65523, 65523, 65524, 65524,
    65525, 65525, 65526, 65526, 65526, 65527, 65527, 65528, 65528, 65528, 65529, 65529, 65529,
    65529, 65530, 65530, 65530, 65530, 65531, 65531, 65531, 65531, 65531, 65532, 65532, 65532,
    65532, 65532, 65532, 65533, 65533, 65533, 65533, 65533, 65533, 65533, 65533, 65534, 65534,
    65534, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65535,
];

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
            // TensorFlow Lite's entries are off by up to 1.2 from the exact value.
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
}
