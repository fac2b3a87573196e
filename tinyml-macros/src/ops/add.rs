//! `add`: the sum of two operands (`add(a, b)` or
//! `-> add(constant[…])`), through [`binary`](super::binary).

use quote::quote;
use tinyml_kernels::int8::prepare;
pub(super) use tinyml_spec::ops::add::Add;

use crate::expand::int8::add_quant;
use crate::ir::Int8Node;

super::binary::binary_macro_op!(
    Add,
    usage = "add(constant[d0, …])",
    f32 = add,
    clamp = true,
    prepare = |record| record.arithmetic(prepare::add).map(Int8Node::Add),
    int8 = |step, prepared| match prepared {
        Some(Int8Node::Add(q)) => {
            let (k, q) = (step.k_int8(), add_quant(&step.k_int8(), q));
            Some((move |a, b, n| quote!(#k::add::add::<#a, #b, #n>), Some(q)))
        }
        _ => None,
    },
);
