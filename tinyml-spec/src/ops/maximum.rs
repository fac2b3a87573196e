//! `maximum(a, b)` or `-> maximum(constant[…])`: the element-wise maximum.
//! TFLite's MAXIMUM: in `i8` both operands and the output share one
//! quantization. Broadcasting as in [`binary`](super::binary).

super::binary::binary_layer!(
    /// `maximum`: its second operand.
    Maximum, "maximum", record = 42, fuses = false
);
