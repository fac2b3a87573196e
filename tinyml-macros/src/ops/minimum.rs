//! `minimum`: the element-wise minimum of two operands (`minimum(a, b)` or
//! `-> minimum(constant[…])`), through [`binary`](super::binary). In `i8` it
//! compares the raw values, its operands in the output's quantization.

use quote::quote;
pub(super) use tinyml_spec::ops::minimum::Minimum;

use crate::ir::Int8Node;

super::binary::binary_macro_op!(
    Minimum,
    usage = "minimum(constant[d0, …])",
    f32 = minimum,
    clamp = false,
    prepare = |record| record.compare(),
    int8 = |step, prepared| match prepared {
        Some(Int8Node::Compare) => {
            let k = step.k();
            Some((
                move |a, b, n| quote!(#k::elementwise::minimum::<i8, #a, #b, #n>),
                None,
            ))
        }
        _ => None,
    },
);
