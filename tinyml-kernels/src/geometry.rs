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
const fn windows_fit(
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

/// Whether the windows of a 2-D convolution or pool tile its input:
/// `[OH, OW]` windows of `[KH, KW]` taps, strides `[SH, SW]`, padding
/// `[PT, PL]` rows above and columns left of an `[IH, IW]` input
/// ([`windows_fit`] along both axes).
///
/// The one geometry check of every convolution and pooling kernel, in its
/// `const { assert!(…) }`: a shape for which this fails would read outside
/// the input or leave windows without any input, so it is a compile error
/// rather than a run-time check.
pub(crate) const fn window2d_fits(
    [ih, iw]: [usize; 2],
    [oh, ow]: [usize; 2],
    [kh, kw]: [usize; 2],
    [sh, sw]: [usize; 2],
    [pt, pl]: [usize; 2],
) -> bool {
    windows_fit(ih, oh, kh, sh, pt) && windows_fit(iw, ow, kw, sw, pl)
}

/// The part of one output position's window that lies on the input rather
/// than on padding, along one axis.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Window {
    /// Input position read by the first tap in `taps`.
    first_input: usize,
    /// Kernel taps that read input positions (possibly empty).
    taps: Range<usize>,
}

impl Window {
    /// The window of output position `o`.
    #[inline(always)]
    pub(crate) fn new(
        o: usize,
        stride: usize,
        pad_before: usize,
        kernel: usize,
        input: usize,
    ) -> Self {
        // Tap k reads input position `origin + k - pad_before`.
        let origin = o * stride;
        let first = pad_before.saturating_sub(origin);
        let end = kernel.min((input + pad_before).saturating_sub(origin));
        Self {
            first_input: origin + first - pad_before,
            taps: first..end,
        }
    }

    /// The input position read by the first tap on the input.
    #[inline(always)]
    pub(crate) fn first_input(&self) -> usize {
        self.first_input
    }

    /// The first kernel tap on the input.
    #[inline(always)]
    pub(crate) fn first_tap(&self) -> usize {
        self.taps.start
    }

    /// The number of taps on the input.
    #[inline(always)]
    pub(crate) fn len(&self) -> usize {
        self.taps.len()
    }

    /// The window's items of `inputs` (one item per input position).
    ///
    /// Iterating, rather than indexing with computed positions, leaves no
    /// bounds check behind: the optimiser cannot see that the const
    /// assertions keep every position in range.
    #[inline(always)]
    pub(crate) fn inputs<X>(&self, inputs: impl Iterator<Item = X>) -> impl Iterator<Item = X> {
        inputs.skip(self.first_input).take(self.len())
    }

    /// The window's items of `inputs`, each with its item of `taps` (one item
    /// per kernel tap).
    #[inline(always)]
    pub(crate) fn zip<X, W>(
        &self,
        inputs: impl Iterator<Item = X>,
        taps: impl Iterator<Item = W>,
    ) -> impl Iterator<Item = (X, W)> {
        self.inputs(inputs).zip(taps.skip(self.taps.start))
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::vec::Vec;

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
    fn both_axes_must_fit() {
        // 5x6 input, 3x3 kernel, stride 2: `same` pads 1 row above, none left.
        assert!(window2d_fits([5, 6], [3, 3], [3, 3], [2, 2], [1, 0]));
        assert!(!window2d_fits([5, 6], [4, 3], [3, 3], [2, 2], [1, 0])); // rows
        assert!(!window2d_fits([5, 6], [3, 4], [3, 3], [2, 2], [1, 0])); // columns
    }

    #[test]
    fn windows_skip_padding() {
        // in 5, k 3, s 2, pad_before 1: windows start at -1, 1, 3
        let window = |o| Window::new(o, 2, 1, 3, 5);
        assert_eq!(
            window(0),
            Window {
                first_input: 0,
                taps: 1..3
            }
        );
        assert_eq!(
            window(1),
            Window {
                first_input: 1,
                taps: 0..3
            }
        );
        assert_eq!(
            window(2),
            Window {
                first_input: 3,
                taps: 0..2
            }
        );
        let pairs: Vec<_> = window(2).zip(10..15, 20..23).collect();
        assert_eq!(pairs, [(13, 20), (14, 21)]);
        let pairs: Vec<_> = window(0).zip(10..15, 20..23).collect();
        assert_eq!(pairs, [(10, 21), (11, 22)]);
        assert_eq!(window(0).len(), 2);
    }
}
