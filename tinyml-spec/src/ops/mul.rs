//! `mul(a, b)` or `-> mul(constant[…])`: the element-wise product. TFLite's
//! MUL (an unfolded BatchNormalization is MUL then ADD by constants).
//! Broadcasting as in [`binary`](super::binary).

super::binary::binary_layer!(
    /// `mul`: its second operand.
    Mul, "mul", record = 41, fuses = true
);
