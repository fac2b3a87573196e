//! `add(a, b)` or `-> add(constant[…])`: the element-wise sum, with
//! TFLite's broadcasting (see [`binary`](super::binary)). TFLite's ADD.

super::binary::binary_layer!(
    /// `add`: its second operand.
    Add, "add", record = 6, fuses = true
);
