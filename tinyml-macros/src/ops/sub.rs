//! `sub`: the difference of two operands (`sub(a, b)` or
//! `-> sub(constant[…])`), through [`binary`](super::binary).

use quote::quote;
use tinyml_kernels::int8::prepare;
pub(super) use tinyml_spec::ops::sub::Sub;

use crate::expand::int8::add_quant;
use crate::ir::Int8Node;

super::binary::binary_macro_op!(
    Sub,
    usage = "sub(constant[d0, …])",
    f32 = sub,
    clamp = true,
    prepare = |record| record.arithmetic(prepare::sub).map(Int8Node::Add),
    int8 = |step, prepared| match prepared {
        Some(Int8Node::Add(q)) => {
            let (k, q) = (step.k_int8(), add_quant(&step.k_int8(), q));
            Some((move |a, b, n| quote!(#k::sub::sub::<#a, #b, #n>), Some(q)))
        }
        _ => None,
    },
);
