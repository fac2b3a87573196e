//! `upsample`: each pixel of an `[H, W, C]` image repeated into an
//! `FH × FW` block, for any element type. It is TFLM's
//! RESIZE_NEAREST_NEIGHBOR to `[FH·H, FW·W]` whenever that operator maps
//! output row `y` to input row `y / FH` (and likewise the columns), which
//! the importer checks: always with `half_pixel_centers` (what Keras'
//! `UpSampling2D` writes).

/// Writes `input`'s pixel `(y / FH, x / FW)` to every output pixel `(y, x)`.
#[inline(always)]
pub fn upsample<
    T: Copy,
    const H: usize,
    const W: usize,
    const C: usize,
    const FH: usize,
    const FW: usize,
    const IN: usize,
    const OUT: usize,
>(
    input: &[T; IN],
    output: &mut [T; OUT],
) {
    const {
        assert!(C > 0 && H > 0 && W > 0, "upsample: empty input");
        assert!(FH > 0 && FW > 0, "upsample: factors must be positive");
        assert!(IN == H * W * C, "upsample: IN must be H * W * C");
        assert!(
            OUT == H * FH * W * FW * C,
            "upsample: OUT must be H·FH · W·FW · C"
        );
    };
    let row = W * FW * C;
    for (y, out_row) in output.chunks_exact_mut(row).enumerate() {
        let in_row = &input[(y / FH) * W * C..][..W * C];
        for (x, pixel) in out_row.chunks_exact_mut(C).enumerate() {
            pixel.copy_from_slice(&in_row[(x / FW) * C..][..C]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_each_pixel_into_a_block() {
        let mut out = [0i8; 8];
        upsample::<i8, 1, 2, 1, 2, 2, 2, 8>(&[1, 2], &mut out);
        assert_eq!(out, [1, 1, 2, 2, 1, 1, 2, 2]);
    }

    #[test]
    fn keeps_channels_together() {
        let mut out = [0.0f32; 6];
        upsample::<f32, 1, 1, 2, 1, 3, 2, 6>(&[1.0, 2.0], &mut out);
        assert_eq!(out, [1.0, 2.0, 1.0, 2.0, 1.0, 2.0]);
    }
}
