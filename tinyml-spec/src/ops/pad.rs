//! `pad(top = T, bottom = B, left = L, right = R)`: rows and columns of
//! zeros around an `[H, W, C]` image, as Keras' `ZeroPadding2D` exports to
//! TFLite (PAD over height and width). A side left out pads nothing. On a
//! `[steps, C]` sequence (a one-row image, as the 1-D layers read it) only
//! `left` and `right` apply, before and after the steps: Keras'
//! `ZeroPadding1D`. In `i8` the padding value is the output's zero point
//! (the real 0), as TFLM's PAD writes it, and the values are copied
//! unchanged.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::Op;
use crate::shape::ShapeError;

/// The arguments of `pad`: how many rows or columns each side gets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pad {
    /// Rows above.
    pub top: usize,
    /// Rows below.
    pub bottom: usize,
    /// Columns on the left.
    pub left: usize,
    /// Columns on the right.
    pub right: usize,
}

impl Pad {
    /// The sides with their names, in the order the DSL writes them.
    pub fn sides(&self) -> [(&'static str, usize); 4] {
        [
            ("top", self.top),
            ("bottom", self.bottom),
            ("left", self.left),
            ("right", self.right),
        ]
    }
}

impl Op for Pad {
    const NAME: &'static str = "pad";
    const RECORD: Option<u8> = Some(50);

    fn output_shape(&self, inputs: &[&[usize]]) -> Result<Vec<usize>, ShapeError> {
        let grown = |size: usize, before: usize, after: usize, what: &str| {
            size.checked_add(before)
                .and_then(|s| s.checked_add(after))
                .ok_or_else(|| ShapeError::Overflow {
                    what: format!("the {what} of `{}`", self.dsl()),
                })
        };
        match *inputs[0] {
            [h, w, c] => Ok(vec![
                grown(h, self.top, self.bottom, "height")?,
                grown(w, self.left, self.right, "width")?,
                c,
            ]),
            [steps, c] if self.top == 0 && self.bottom == 0 => {
                Ok(vec![grown(steps, self.left, self.right, "steps")?, c])
            }
            // `top` or `bottom` on a sequence: rows need an image.
            [_, _] => Err(ShapeError::NotImage {
                layer: Self::NAME,
                shape: inputs[0].to_vec(),
            }),
            _ => Err(ShapeError::NotImageOrSequence {
                layer: Self::NAME,
                shape: inputs[0].to_vec(),
            }),
        }
    }

    fn dsl(&self) -> String {
        let sides: Vec<String> = self
            .sides()
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(side, n)| format!("{side} = {n}"))
            .collect();
        format!("pad({})", sides.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    const ZERO_PADDING: Pad = Pad {
        top: 0,
        bottom: 1,
        left: 0,
        right: 1,
    };

    #[test]
    fn grows_height_and_width() {
        assert_eq!(
            ZERO_PADDING.output_shape(&[&[15, 15, 3]]).unwrap(),
            [16, 16, 3]
        );
        let all = Pad {
            top: 1,
            bottom: 2,
            left: 3,
            right: 4,
        };
        assert_eq!(all.output_shape(&[&[2, 2, 1]]).unwrap(), [5, 9, 1]);
    }

    #[test]
    fn pads_the_steps_of_a_sequence() {
        let steps = Pad {
            left: 2,
            right: 1,
            ..Pad::default()
        };
        assert_eq!(steps.output_shape(&[&[5, 3]]).unwrap(), [8, 3]);
        // A sequence has no rows to pad.
        assert_eq!(
            ZERO_PADDING
                .output_shape(&[&[5, 3]])
                .unwrap_err()
                .to_string(),
            "`pad` needs a [height, width, channels] input, but its input here has shape [5, 3]"
        );
    }

    #[test]
    fn reads_as_written() {
        assert_eq!(ZERO_PADDING.dsl(), "pad(bottom = 1, right = 1)");
    }

    #[test]
    fn refuses_a_vector_and_overflow() {
        assert_eq!(
            ZERO_PADDING.output_shape(&[&[8]]).unwrap_err().to_string(),
            "`pad` needs a [height, width, channels] or [steps, channels] input, but its input here has shape [8]"
        );
        let huge = Pad {
            bottom: usize::MAX,
            ..ZERO_PADDING
        };
        assert_eq!(
            huge.output_shape(&[&[2, 2, 1]]).unwrap_err().to_string(),
            format!(
                "the height of `pad(bottom = {}, right = 1)` overflows `usize`",
                usize::MAX
            )
        );
    }
}
