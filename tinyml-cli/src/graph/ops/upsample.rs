//! `RESIZE_NEAREST_NEIGHBOR` to an integer multiple of the size →
//! `upsample(FHxFW)` (Keras 2's UpSampling2D, Keras' Resizing). Accepted
//! when TFLM's mapping of output to input pixels, computed here in `f32`
//! exactly as its reference kernel does, is the block repetition
//! `y → y / FH` on every row and column: always with `half_pixel_centers`
//! (what Keras writes); other option sets only where their rounding happens
//! to agree.
//!
//! Keras 3's UpSampling2D writes a repeat along each axis instead
//! (EXPAND_DIMS → TILE → RESHAPE): TFLite Micro has no TILE kernel, and the
//! importer does not yet follow the 5-D repeat back to an image (its
//! RESHAPE is refused), so Keras' `Resizing(…, interpolation="nearest")` is
//! the layer to use.

use tinyml_spec::ops::upsample::Upsample;

use super::hwc;
use crate::Error;
use crate::error::bail;
use crate::graph::Layer;
use crate::graph::lowering::{Lowering, op_label};
use crate::tflite::{Activation, Operator, Options};

impl Lowering<'_, '_> {
    pub(super) fn upsample(&mut self, op: &Operator) -> Result<(), Error> {
        let Options::ResizeNearestNeighbor {
            align_corners,
            half_pixel_centers,
        } = op.options
        else {
            bail!("{}: missing ResizeNearestNeighborOptions", op_label(op));
        };
        let x = self.activation_input(op, 0)?;
        let [h, w, _] = hwc(self.shape_of(x), op)?;
        let size: Vec<i32> = self.constant(op, 1, "size", Some(&[2]))?;
        let factor = |input: usize, output: i32, what: &str| -> Result<usize, Error> {
            match usize::try_from(output) {
                Ok(out) if out > 0 && out % input == 0 => Ok(out / input),
                _ => bail!(
                    "{}: it resizes the {what} from {input} to {output}; `upsample` repeats rows and columns a whole \
                     number of times (as Keras' UpSampling2D does)",
                    op_label(op)
                ),
            }
        };
        let (fh, fw) = (factor(h, size[0], "height")?, factor(w, size[1], "width")?);
        let repeats = |input: usize, factor: usize| {
            (0..input * factor).all(|y| {
                nearest(y, input, input * factor, align_corners, half_pixel_centers) == y / factor
            })
        };
        if !(repeats(h, fh) && repeats(w, fw)) {
            bail!(
                "{}: with align_corners = {align_corners} and half_pixel_centers = {half_pixel_centers}, TFLite \
                 does not repeat each pixel {fh}x{fw} times; `upsample` supports what Keras' UpSampling2D writes \
                 (half_pixel_centers = true)",
                op_label(op)
            );
        }
        self.keep_quant(
            op,
            x,
            "TFLite Micro's RESIZE_NEAREST_NEIGHBOR copies int8 values",
        )?;
        let layer = Layer::from(Upsample { factor: (fh, fw) });
        self.push(op, layer, None, vec![x], Activation::None)
    }
}

/// The input row (or column) TFLite's reference RESIZE_NEAREST_NEIGHBOR
/// reads for output row `y`, in its `f32` arithmetic.
#[expect(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]
fn nearest(
    y: usize,
    input: usize,
    output: usize,
    align_corners: bool,
    half_pixel_centers: bool,
) -> usize {
    let scale = if align_corners && output > 1 {
        (input - 1) as f32 / (output - 1) as f32
    } else {
        input as f32 / output as f32
    };
    let offset = if half_pixel_centers { 0.5f32 } else { 0.0 };
    let at = (y as f32 + offset) * scale;
    // TfLiteRound rounds half away from zero, as `f32::round` does.
    let index = if align_corners {
        at.round()
    } else {
        at.floor()
    };
    // Never negative (TFLite's clamp to 0 is moot), and at most the last row.
    (index as usize).min(input - 1)
}

#[cfg(test)]
mod tests {
    use super::nearest;

    #[test]
    fn tflite_mapping_of_half_pixel_centres_and_corners() {
        let rows =
            |align, half| -> Vec<usize> { (0..6).map(|y| nearest(y, 3, 6, align, half)).collect() };
        assert_eq!(rows(false, true), [0, 0, 1, 1, 2, 2]);
        assert_eq!(rows(false, false), [0, 0, 1, 1, 2, 2]);
        // scale 2/5: 0, 0.4, 0.8, 1.2, 1.6, 2 → rounded.
        assert_eq!(rows(true, false), [0, 0, 1, 1, 2, 2]);
        let rows =
            |align, half| -> Vec<usize> { (0..4).map(|y| nearest(y, 2, 4, align, half)).collect() };
        // scale 1/3: 0, 0.33, 0.67, 1 → 0, 0, 1, 1.
        assert_eq!(rows(true, false), [0, 0, 1, 1]);
        // 3 → 9 with corners aligned, scale 1/4: 0.5 rounds up, not a block of 3.
        let rows =
            |align, half| -> Vec<usize> { (0..9).map(|y| nearest(y, 3, 9, align, half)).collect() };
        assert_eq!(rows(true, false), [0, 0, 1, 1, 1, 1, 2, 2, 2]);
        assert_eq!(rows(false, true), [0, 0, 0, 1, 1, 1, 2, 2, 2]);
    }
}
