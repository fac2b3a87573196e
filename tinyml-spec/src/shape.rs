//! Why a layer cannot take its input, with the numbers; and shape helpers.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::vocab::Hw;

/// A layer's input does not fit it. The message is complete on its own;
/// the macro puts it on the layer's token (or the kernel size, see
/// [`ShapeError::blames_kernel`]), the importer after the operator's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShapeError {
    /// The layer needs `[height, width, channels]`.
    NotImage {
        /// The layer's DSL name.
        layer: &'static str,
        /// The input it got.
        shape: Vec<usize>,
    },
    /// The layer needs `[steps, channels]` (a 1-D layer).
    NotSequence {
        /// The layer's DSL name.
        layer: &'static str,
        /// The input it got.
        shape: Vec<usize>,
    },
    /// The layer needs `[height, width, channels]` or `[steps, channels]`
    /// (the global means).
    NotImageOrSequence {
        /// The layer's DSL name.
        layer: &'static str,
        /// The input it got.
        shape: Vec<usize>,
    },
    /// The layer needs a vector.
    NotVector {
        /// The layer's DSL name.
        layer: &'static str,
        /// The input it got.
        shape: Vec<usize>,
    },
    /// A `valid` window larger than its input.
    WindowTooLarge {
        /// `"kernel"` or `"pool"`.
        what: &'static str,
        /// The window.
        kernel: Hw,
        /// The input's height and width.
        input: Hw,
    },
    /// A `valid` 1-D window longer than its input.
    WindowTooLong {
        /// `"kernel"` or `"pool"`.
        what: &'static str,
        /// The window's length.
        kernel: usize,
        /// The input's steps.
        steps: usize,
    },
    /// A reshape that changes the number of elements.
    ElementCount {
        /// The reshape as written, such as `reshape[4, 4]`.
        text: String,
        /// Its elements.
        want: usize,
        /// The input.
        input: Vec<usize>,
        /// The input's elements.
        have: usize,
    },
    /// Two operands whose shapes do not broadcast (TFLite's rule: aligned
    /// at the last dimension, each pair equal or one of them 1).
    Operands {
        /// The layer's DSL name.
        layer: &'static str,
        /// The first operand's shape.
        a: Vec<usize>,
        /// The second operand's shape.
        b: Vec<usize>,
    },
    /// A constant operand that would make the output larger than the input.
    ConstantGrows {
        /// The layer's DSL name.
        layer: &'static str,
        /// The input's shape.
        input: Vec<usize>,
        /// The constant's shape.
        constant: Vec<usize>,
    },
    /// Element-wise operands of more than [`MAX_BROADCAST_RANK`] dimensions.
    Rank {
        /// The layer's DSL name.
        layer: &'static str,
        /// The shape with too many dimensions.
        shape: Vec<usize>,
    },
    /// `concat` operands that differ besides the joined axis, or an axis
    /// they do not have.
    Concat {
        /// The axis (0 is the first dimension after the batch).
        axis: usize,
        /// Every operand's shape.
        shapes: Vec<Vec<usize>>,
    },
    /// A data-movement layer (`slice`, `transpose`, `tile`) whose
    /// arguments do not fit its input.
    Arguments {
        /// The layer as written, such as `slice(begin = [0, 9])`.
        text: String,
        /// The input's shape.
        input: Vec<usize>,
        /// What does not fit.
        why: String,
    },
    /// A layer was given the wrong number of inputs.
    Inputs {
        /// The layer's DSL name.
        layer: &'static str,
        /// What it takes.
        want: usize,
        /// What it got.
        have: usize,
    },
    /// A size does not fit the machine's `usize`.
    Overflow {
        /// What was being computed.
        what: String,
    },
    /// A tensor, a layer's weights or the arena is larger than
    /// [`MAX_BYTES`]: no microcontroller model is, so it is a mistake.
    TooLarge {
        /// What, with its shape, such as "the output [65536, 65536]".
        what: String,
        /// Its elements.
        elements: usize,
        /// Its bytes, if they fit `usize`.
        bytes: Option<usize>,
    },
}

/// The largest tensor, set of weights or activation arena a model may have,
/// in bytes: 2 GiB (2^31), far beyond any microcontroller's memory. A larger
/// size is a typo or a wrapped computation, so it is an error with the
/// number rather than a model that compiles and cannot run.
pub const MAX_BYTES: usize = 1 << 31;

/// The most dimensions an element-wise layer broadcasts over (TFLite's
/// five with the batch).
pub const MAX_BROADCAST_RANK: usize = 4;

/// The most dimensions `slice`, `transpose` and `tile` move data over
/// (TFLite's five with the batch; the kernels walk four).
pub const MAX_MOVE_RANK: usize = 4;

/// Checks that `elements` values of `element_bytes` each fit [`MAX_BYTES`];
/// `what` names them for the message.
pub fn check_bytes(
    what: impl FnOnce() -> String,
    elements: usize,
    element_bytes: usize,
) -> Result<usize, ShapeError> {
    let bytes = elements.checked_mul(element_bytes);
    match bytes {
        Some(bytes) if bytes <= MAX_BYTES => Ok(bytes),
        _ => Err(ShapeError::TooLarge {
            what: what(),
            elements,
            bytes,
        }),
    }
}

impl ShapeError {
    /// Whether the error is about the kernel (or pool) size argument rather
    /// than the layer as a whole.
    pub fn blames_kernel(&self) -> bool {
        matches!(
            self,
            ShapeError::WindowTooLarge { .. } | ShapeError::WindowTooLong { .. }
        )
    }
}

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShapeError::NotImage { layer, shape } => write!(
                f,
                "`{layer}` needs a [height, width, channels] input, but its input here has shape {}",
                shape_text(shape)
            ),
            ShapeError::NotSequence { layer, shape } => write!(
                f,
                "`{layer}` needs a [steps, channels] input, but its input here has shape {}",
                shape_text(shape)
            ),
            ShapeError::NotImageOrSequence { layer, shape } => write!(
                f,
                "`{layer}` needs a [height, width, channels] or [steps, channels] input, but its input here has \
                 shape {}",
                shape_text(shape)
            ),
            ShapeError::NotVector { layer, shape } => write!(
                f,
                "`{layer}` needs a 1-D input, but its input here has shape {}; add `-> flatten` before it",
                shape_text(shape)
            ),
            ShapeError::WindowTooLarge {
                what,
                kernel: (kh, kw),
                input: (h, w),
            } => write!(
                f,
                "{what} {kh}x{kw} is larger than its {h}x{w} input, so with `padding = valid` the output would be \
                 empty; use a {what} of at most {h}x{w} or `padding = same`"
            ),
            ShapeError::WindowTooLong {
                what,
                kernel,
                steps,
            } => write!(
                f,
                "{what} {kernel} is longer than its input ({steps} step{}), so with `padding = valid` the output \
                 would be empty; use a {what} of at most {steps} or `padding = same`",
                if *steps == 1 { "" } else { "s" }
            ),
            ShapeError::ElementCount {
                text,
                want,
                input,
                have,
            } => write!(
                f,
                "`{text}` has {want} elements, but its input {} has {have}",
                shape_text(input)
            ),
            ShapeError::Operands { layer, a, b } => write!(
                f,
                "`{layer}` needs operands of the same shape or shapes that broadcast (aligned at the last \
                 dimension, each pair equal or one of them 1), found {} and {}",
                shape_text(a),
                shape_text(b)
            ),
            ShapeError::ConstantGrows {
                layer,
                input,
                constant,
            } => write!(
                f,
                "`{layer}`'s constant {} would broadcast its input {} to a larger shape; a constant operand must \
                 broadcast to the input's shape",
                shape_text(constant),
                shape_text(input)
            ),
            ShapeError::Rank { layer, shape } => write!(
                f,
                "`{layer}` broadcasts over at most {MAX_BROADCAST_RANK} dimensions, but an operand has shape {}",
                shape_text(shape)
            ),
            ShapeError::Concat { axis, shapes } => {
                let texts: Vec<String> = shapes.iter().map(|s| shape_text(s)).collect();
                write!(
                    f,
                    "`concat` along axis {axis} needs operands with that axis that agree on every other dimension, \
                     found {}",
                    texts.join(", ")
                )
            }
            ShapeError::Arguments { text, input, why } => write!(
                f,
                "`{text}` does not fit its input {}: {why}",
                shape_text(input)
            ),
            ShapeError::Inputs { layer, want, have } => {
                write!(f, "`{layer}` takes {want} input(s), found {have}")
            }
            ShapeError::Overflow { what } => write!(f, "{what} overflows `usize`"),
            ShapeError::TooLarge {
                what,
                elements,
                bytes,
            } => {
                let bytes = bytes.map_or_else(|| "more than usize::MAX".into(), |b| format!("{b}"));
                write!(
                    f,
                    "{what} would take {bytes} bytes ({elements} values), more than the {MAX_BYTES} bytes (2 GiB, \
                     `tinyml_spec::MAX_BYTES`) that a tensor, a layer's weights or the arena may take"
                )
            }
        }
    }
}

/// `[49, 10, 1]`.
pub fn shape_text(shape: &[usize]) -> String {
    let dims: Vec<String> = shape.iter().map(|d| format!("{d}")).collect();
    format!("[{}]", dims.join(", "))
}

/// The number of elements of `shape`, or `None` if it overflows.
pub fn elements(shape: &[usize]) -> Option<usize> {
    shape.iter().try_fold(1usize, |n, &d| n.checked_mul(d))
}

/// [`elements`], or a [`ShapeError::Overflow`] naming the product.
pub fn checked_elements(shape: &[usize]) -> Result<usize, ShapeError> {
    elements(shape).ok_or_else(|| {
        let factors: Vec<String> = shape.iter().map(|d| format!("{d}")).collect();
        ShapeError::Overflow {
            what: format!(
                "the number of elements of {}, {},",
                shape_text(shape),
                factors.join(" · ")
            ),
        }
    })
}

/// The `[steps, c]` of a sequence input for `layer`.
pub fn sequence(layer: &'static str, shape: &[usize]) -> Result<[usize; 2], ShapeError> {
    match *shape {
        [steps, c] => Ok([steps, c]),
        _ => Err(ShapeError::NotSequence {
            layer,
            shape: shape.to_vec(),
        }),
    }
}

/// The `[h, w, c]` of an image input for `layer`.
pub fn image(layer: &'static str, shape: &[usize]) -> Result<[usize; 3], ShapeError> {
    match *shape {
        [h, w, c] => Ok([h, w, c]),
        _ => Err(ShapeError::NotImage {
            layer,
            shape: shape.to_vec(),
        }),
    }
}
