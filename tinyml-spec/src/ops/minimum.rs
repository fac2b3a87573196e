//! `minimum(a, b)` or `-> minimum(constant[…])`: the element-wise minimum.
//! TFLite's MINIMUM: in `i8` both operands and the output share one
//! quantization. Broadcasting as in [`binary`](super::binary).

super::binary::binary_layer!(
    /// `minimum`: its second operand.
    Minimum, "minimum", record = 43, fuses = false
);
