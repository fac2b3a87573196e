//! `sub(a, b)` or `-> sub(constant[…])`: the element-wise difference `input −
//! operand`. TFLite's SUB (a Keras `Normalization` layer is SUB then MUL by
//! constants). Broadcasting as in [`binary`](super::binary).

super::binary::binary_layer!(
    /// `sub`: its second operand.
    Sub, "sub", record = 40, fuses = true
);
