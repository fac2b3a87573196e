//! Window geometry shared by convolution and pooling, along one axis.
//!
//! An output position `o` looks at input positions
//! `o * stride - pad_before + k` for the taps `k` in `0..kernel`; positions
//! outside `0..input` are padding.

use core::ops::Range;

/// Whether `output` windows of size `kernel` and step `stride`, with
/// `pad_before` positions of padding before the input, tile an axis of
/// `input` positions for some amount of padding after it smaller than
/// `kernel` — as both TensorFlow Lite paddings (`same`, `valid`) do.
///
/// This also guarantees that every window covers at least one input
/// position, which average pooling relies on.
pub(crate) const fn windows_fit(
    input: usize,
    output: usize,
    kernel: usize,
    stride: usize,
    pad_before: usize,
) -> bool {
    if input == 0 || output == 0 || kernel == 0 || stride == 0 || pad_before >= kernel {
        return false;
    }
    let mut pad_after = 0;
    while pad_after < kernel {
        let padded = input + pad_before + pad_after;
        if padded >= kernel && (padded - kernel) / stride + 1 == output {
            return true;
        }
        pad_after += 1;
    }
    false
}

/// The taps of output position `o` that fall on input positions rather
/// than padding (possibly empty).
#[inline(always)]
pub(crate) fn valid_taps(
    o: usize,
    stride: usize,
    pad_before: usize,
    kernel: usize,
    input: usize,
) -> Range<usize> {
    // Tap k reads input position `origin + k - pad_before`.
    let origin = o * stride;
    let first = pad_before.saturating_sub(origin);
    let end = kernel.min((input + pad_before).saturating_sub(origin));
    first..end
}

/// The input position read by tap `k` of output position `o`; only
/// meaningful for `k` in [`valid_taps`].
#[inline(always)]
pub(crate) fn input_position(o: usize, stride: usize, pad_before: usize, k: usize) -> usize {
    o * stride + k - pad_before
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tflite_same_and_valid_paddings_fit() {
        // same, 5 inputs, k=3, s=2: out 3, pad_total 2, pad_before 1
        assert!(windows_fit(5, 3, 3, 2, 1));
        // same, 6 inputs, k=3, s=2: out 3, pad_total 1, pad_before 0
        assert!(windows_fit(6, 3, 3, 2, 0));
        // valid, 7 inputs, k=3, s=2: out 3
        assert!(windows_fit(7, 3, 3, 2, 0));
        // 1x1
        assert!(windows_fit(4, 4, 1, 1, 0));
    }

    #[test]
    fn inconsistent_geometry_is_rejected() {
        assert!(!windows_fit(5, 4, 3, 2, 1)); // one output too many
        assert!(!windows_fit(5, 2, 3, 1, 0)); // too few
        assert!(!windows_fit(5, 5, 3, 1, 3)); // padding a whole kernel
        assert!(!windows_fit(5, 5, 3, 0, 1)); // stride 0
        assert!(!windows_fit(7, 2, 3, 2, 0)); // stride leaves a window out
    }

    #[test]
    fn valid_taps_skip_padding() {
        // in 5, k 3, s 2, pad_before 1: outputs at -1, 1, 3
        assert_eq!(valid_taps(0, 2, 1, 3, 5), 1..3);
        assert_eq!(valid_taps(1, 2, 1, 3, 5), 0..3);
        assert_eq!(valid_taps(2, 2, 1, 3, 5), 0..2);
        assert_eq!(input_position(2, 2, 1, 1), 4);
    }
}
