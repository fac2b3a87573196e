//! `maximum`: the element-wise maximum of two operands (`maximum(a, b)` or
//! `-> maximum(constant[…])`), through [`binary`](super::binary). In `i8` it
//! compares the raw values, its operands in the output's quantization.

use quote::quote;
pub(super) use tinyml_spec::ops::maximum::Maximum;

use crate::ir::Int8Node;

super::binary::binary_macro_op!(
    Maximum,
    usage = "maximum(constant[d0, …])",
    f32 = maximum,
    clamp = false,
    prepare = |record| record.compare(),
    int8 = |step, prepared| match prepared {
        Some(Int8Node::Compare) => {
            let k = step.k();
            Some((
                move |a, b, n| quote!(#k::elementwise::maximum::<i8, #a, #b, #n>),
                None,
            ))
        }
        _ => None,
    },
);
