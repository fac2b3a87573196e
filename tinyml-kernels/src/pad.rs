//! `pad`: an `[H, W, C]` image copied into a larger `[OH, OW, C]` frame
//! filled with one value, for any element type (zero in `f32` and fixed
//! point; in `i8` the output zero point, as TFLM's PAD writes it, the
//! values themselves copied unchanged).

/// Writes `fill` into every element of `output` outside the image, and
/// `input` at `TOP` rows and `LEFT` columns from the frame's corner.
#[inline(always)]
pub fn pad<
    T: Copy,
    const H: usize,
    const W: usize,
    const C: usize,
    const TOP: usize,
    const LEFT: usize,
    const OH: usize,
    const OW: usize,
    const IN: usize,
    const OUT: usize,
>(
    input: &[T; IN],
    output: &mut [T; OUT],
    fill: T,
) {
    const {
        assert!(C > 0 && H > 0 && W > 0, "pad: empty input");
        assert!(IN == H * W * C, "pad: IN must be H * W * C");
        assert!(OUT == OH * OW * C, "pad: OUT must be OH * OW * C");
        assert!(
            TOP + H <= OH && LEFT + W <= OW,
            "pad: the image must fit the frame"
        );
    };
    output.fill(fill);
    let row = W * C;
    for (y, line) in input.chunks_exact(row).enumerate() {
        let start = ((TOP + y) * OW + LEFT) * C;
        output[start..start + row].copy_from_slice(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_the_image_with_the_fill() {
        // A 2x2 image of 1 channel, one row above, one column on each side.
        let mut out = [0i8; 12];
        pad::<i8, 2, 2, 1, 1, 1, 3, 4, 4, 12>(&[1, 2, 3, 4], &mut out, -5);
        assert_eq!(out, [-5, -5, -5, -5, -5, 1, 2, -5, -5, 3, 4, -5]);
    }

    #[test]
    fn keeps_channels_together() {
        // ZeroPadding2D(((0, 1), (0, 1))) on a 1x1 image of 2 channels.
        let mut out = [9.0f32; 8];
        pad::<f32, 1, 1, 2, 0, 0, 2, 2, 2, 8>(&[1.0, 2.0], &mut out, 0.0);
        assert_eq!(out, [1.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
    }
}
