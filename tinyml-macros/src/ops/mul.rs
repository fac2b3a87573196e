//! `mul`: the product of two operands (`mul(a, b)` or
//! `-> mul(constant[…])`), through [`binary`](super::binary).

use quote::quote;
use tinyml_kernels::int8::prepare;
pub(super) use tinyml_spec::ops::mul::Mul;

use crate::expand::int8::mul_quant;
use crate::ir::Int8Node;

super::binary::binary_macro_op!(
    Mul,
    usage = "mul(constant[d0, …])",
    f32 = mul,
    clamp = true,
    prepare = |record| record.arithmetic(prepare::mul).map(Int8Node::Mul),
    int8 = |step, prepared| match prepared {
        Some(Int8Node::Mul(q)) => {
            let (k, q) = (step.k_int8(), mul_quant(&step.k_int8(), q));
            Some((move |a, b, n| quote!(#k::mul::mul::<#a, #b, #n>), Some(q)))
        }
        _ => None,
    },
);
