//! TensorFlow Lite's window arithmetic for convolutions and pools, written
//! once: `same` gives `ceil(in / stride)` outputs and puts the odd padding
//! row/column at the bottom/right; `valid` keeps only windows that lie
//! wholly on the input.

use crate::shape::{ShapeError, image, sequence};
use crate::vocab::{Hw, Padding};

/// The geometry of a windowed layer on a `[in_h, in_w, in_c]` input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    /// Input height.
    pub in_h: usize,
    /// Input width.
    pub in_w: usize,
    /// Input channels.
    pub in_c: usize,
    /// Output height.
    pub out_h: usize,
    /// Output width.
    pub out_w: usize,
    /// Window height.
    pub kernel_h: usize,
    /// Window width.
    pub kernel_w: usize,
    /// Vertical step.
    pub stride_h: usize,
    /// Horizontal step.
    pub stride_w: usize,
    /// Padding rows above the input.
    pub pad_top: usize,
    /// Padding columns left of the input.
    pub pad_left: usize,
}

impl Window {
    /// The window of `layer` (`what` is `"kernel"` or `"pool"`, for the
    /// message) over an `input` that must be `[h, w, c]`. Kernel and stride
    /// are at least 1 (the DSL and the importer check that first).
    pub fn new(
        layer: &'static str,
        what: &'static str,
        input: &[usize],
        kernel: Hw,
        stride: Hw,
        padding: Padding,
    ) -> Result<Self, ShapeError> {
        let [in_h, in_w, in_c] = image(layer, input)?;
        let ((kernel_h, kernel_w), (stride_h, stride_w)) = (kernel, stride);
        let axis = |input: usize, kernel: usize, stride: usize| match padding {
            Padding::Same => {
                let out = input.div_ceil(stride.max(1));
                let covered = (out.saturating_sub(1))
                    .saturating_mul(stride)
                    .saturating_add(kernel);
                Some((out, covered.saturating_sub(input) / 2))
            }
            Padding::Valid => (kernel <= input).then(|| ((input - kernel) / stride.max(1) + 1, 0)),
        };
        match (
            axis(in_h, kernel_h, stride_h),
            axis(in_w, kernel_w, stride_w),
        ) {
            (Some((out_h, pad_top)), Some((out_w, pad_left))) => Ok(Window {
                in_h,
                in_w,
                in_c,
                out_h,
                out_w,
                kernel_h,
                kernel_w,
                stride_h,
                stride_w,
                pad_top,
                pad_left,
            }),
            _ => Err(ShapeError::WindowTooLarge {
                what,
                kernel,
                input: (in_h, in_w),
            }),
        }
    }

    /// The window of a 1-D `layer` over an `input` that must be `[steps, c]`:
    /// the 2-D window of a one-row image (`in_h` 1), which is what TFLite
    /// computes for Keras' 1-D layers (EXPAND_DIMS, a 2-D operator with a
    /// `1 × kernel` window, SQUEEZE).
    pub fn along_steps(
        layer: &'static str,
        what: &'static str,
        input: &[usize],
        kernel: usize,
        stride: usize,
        padding: Padding,
    ) -> Result<Self, ShapeError> {
        let [steps, c] = sequence(layer, input)?;
        Window::new(
            layer,
            what,
            &[1, steps, c],
            (1, kernel),
            (1, stride),
            padding,
        )
        .map_err(|_| ShapeError::WindowTooLong {
            what,
            kernel,
            steps,
        })
    }

    /// One window over the whole `h × w` plane: a global pool as a pool.
    pub fn global(h: usize, w: usize, c: usize) -> Self {
        Window {
            in_h: h,
            in_w: w,
            in_c: c,
            out_h: 1,
            out_w: 1,
            kernel_h: h,
            kernel_w: w,
            stride_h: h,
            stride_w: w,
            pad_top: 0,
            pad_left: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn window(input: [usize; 2], kernel: Hw, stride: Hw, padding: Padding) -> Window {
        Window::new(
            "conv2d",
            "kernel",
            &[input[0], input[1], 1],
            kernel,
            stride,
            padding,
        )
        .unwrap()
    }

    #[test]
    fn same_puts_the_odd_padding_bottom_right() {
        // TFLite: 5 inputs, 3 taps, stride 2 → 3 outputs, padding 1 + 1;
        // 6 inputs → 3 outputs, padding 0 + 1.
        let w = window([5, 6], (3, 3), (2, 2), Padding::Same);
        assert_eq!((w.out_h, w.pad_top, w.out_w, w.pad_left), (3, 1, 3, 0));
        // KWS's first layer: 49x10, 10x4, stride 2 → 25x5, top 4, left 1.
        let w = window([49, 10], (10, 4), (2, 2), Padding::Same);
        assert_eq!((w.out_h, w.pad_top, w.out_w, w.pad_left), (25, 4, 5, 1));
    }

    #[test]
    fn valid_keeps_whole_windows_only() {
        let w = window([7, 7], (3, 3), (2, 2), Padding::Valid);
        assert_eq!((w.out_h, w.out_w, w.pad_top, w.pad_left), (3, 3, 0, 0));
        let e = Window::new(
            "max_pool",
            "pool",
            &[2, 2, 1],
            (3, 3),
            (1, 1),
            Padding::Valid,
        );
        assert_eq!(
            e.unwrap_err().to_string(),
            "pool 3x3 is larger than its 2x2 input, so with `padding = valid` the output would be empty; \
             use a pool of at most 2x2 or `padding = same`"
        );
    }

    #[test]
    fn a_sequence_is_a_one_row_image() {
        // 21 steps, kernel 5, stride 2, same: 11 outputs, padding 2 + 2.
        let w = Window::along_steps("conv1d", "kernel", &[21, 2], 5, 2, Padding::Same).unwrap();
        assert_eq!(
            (
                w.in_h, w.in_w, w.in_c, w.out_h, w.out_w, w.pad_top, w.pad_left
            ),
            (1, 21, 2, 1, 11, 0, 2)
        );
        assert_eq!(
            (w.kernel_h, w.kernel_w, w.stride_h, w.stride_w),
            (1, 5, 1, 2)
        );
        let w = Window::along_steps("max_pool1d", "pool", &[60, 8], 2, 2, Padding::Valid).unwrap();
        assert_eq!((w.out_h, w.out_w), (1, 30));
    }

    #[test]
    fn a_long_window_is_reported_in_steps() {
        let e = Window::along_steps("conv1d", "kernel", &[3, 2], 5, 1, Padding::Valid);
        assert_eq!(
            e.unwrap_err().to_string(),
            "kernel 5 is longer than its input (3 steps), so with `padding = valid` the output would be empty; \
             use a kernel of at most 3 or `padding = same`"
        );
        let e = Window::along_steps("conv1d", "kernel", &[4, 4, 1], 1, 1, Padding::Same);
        assert_eq!(
            e.unwrap_err().to_string(),
            "`conv1d` needs a [steps, channels] input, but its input here has shape [4, 4, 1]"
        );
    }

    #[test]
    fn needs_an_image() {
        let e = Window::new("conv2d", "kernel", &[4, 4], (1, 1), (1, 1), Padding::Same);
        assert_eq!(
            e.unwrap_err().to_string(),
            "`conv2d` needs a [height, width, channels] input, but its input here has shape [4, 4]"
        );
    }
}
