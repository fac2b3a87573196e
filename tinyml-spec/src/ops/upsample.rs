//! `upsample(FHxFW)` (or `upsample(F)`): each pixel of an `[H, W, C]` image
//! repeated into an `FH × FW` block, as Keras' `UpSampling2D` (nearest)
//! exports to TFLite (RESIZE_NEAREST_NEIGHBOR to an integer multiple of the
//! size). The values are copied, so an `i8` upsample keeps its input's
//! quantization and needs no record.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::{Op, size_text};
use crate::shape::{ShapeError, image};
use crate::vocab::Hw;

/// The arguments of `upsample`: how many times each row and column repeats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Upsample {
    /// The factors of height and width.
    pub factor: Hw,
}

impl Op for Upsample {
    const NAME: &'static str = "upsample";
    const RECORD: Option<u8> = None;

    fn output_shape(&self, inputs: &[&[usize]]) -> Result<Vec<usize>, ShapeError> {
        let [h, w, c] = image(Self::NAME, inputs[0])?;
        let grown = |size: usize, factor: usize, what: &str| {
            size.checked_mul(factor)
                .ok_or_else(|| ShapeError::Overflow {
                    what: format!("the {what} of `{}`", self.dsl()),
                })
        };
        Ok(vec![
            grown(h, self.factor.0, "height")?,
            grown(w, self.factor.1, "width")?,
            c,
        ])
    }

    fn dsl(&self) -> String {
        let (fh, fw) = self.factor;
        if fh == fw {
            format!("upsample({fh})")
        } else {
            format!("upsample({})", size_text(self.factor))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn repeats_rows_and_columns() {
        let twice = Upsample { factor: (2, 2) };
        assert_eq!(twice.output_shape(&[&[4, 4, 8]]).unwrap(), [8, 8, 8]);
        assert_eq!(twice.dsl(), "upsample(2)");
        let wide = Upsample { factor: (1, 3) };
        assert_eq!(wide.output_shape(&[&[2, 2, 1]]).unwrap(), [2, 6, 1]);
        assert_eq!(wide.dsl(), "upsample(1x3)");
    }

    #[test]
    fn refuses_a_vector_and_overflow() {
        let twice = Upsample { factor: (2, 2) };
        assert_eq!(
            twice.output_shape(&[&[8]]).unwrap_err().to_string(),
            "`upsample` needs a [height, width, channels] input, but its input here has shape [8]"
        );
        let huge = Upsample {
            factor: (usize::MAX, 1),
        };
        assert_eq!(
            huge.output_shape(&[&[2, 2, 1]]).unwrap_err().to_string(),
            format!(
                "the height of `upsample({}x1)` overflows `usize`",
                usize::MAX
            )
        );
    }
}
