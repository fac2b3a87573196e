//! Element-wise `i8` activations (`sigmoid`, `tanh`, `leaky_relu`,
//! `hard_swish`) as a table lookup.
//!
//! Each output of these layers depends on its input alone, and an `i8`
//! input has 256 values, so [`prepare`](super::prepare) runs TFLM's exact
//! arithmetic ([`quant::logistic_tanh`](super::quant::logistic_tanh),
//! [`quant::leaky_relu`](super::quant::leaky_relu),
//! [`quant::hard_swish`](super::quant::hard_swish)) on every one of them at
//! compile time. Inference reads one byte per element: the same bytes TFLM
//! computes, for 256 bytes of flash per layer.

/// The output for every input: entry `x as u8` holds the output for `x`.
pub type Table = [i8; 256];

/// The table of `f` (a `const fn` of one input, run on all 256).
macro_rules! table_of {
    (|$x:ident| $body:expr) => {{
        let mut table: $crate::int8::lookup::Table = [0; 256];
        let mut index = 0;
        while index < 256 {
            let $x = index as u8 as i8;
            table[index] = $body;
            index += 1;
        }
        table
    }};
}
pub(crate) use table_of;

/// Replaces every element `x` of `buf` by `table[x as u8]`.
pub fn lookup_in_place<const N: usize>(buf: &mut [i8; N], table: &Table) {
    for x in buf.iter_mut() {
        *x = table[usize::from(*x as u8)];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_indexed_by_the_input_bits() {
        let table: Table = table_of!(|x| x.wrapping_neg());
        let mut buf = [-128i8, -1, 0, 1, 127];
        lookup_in_place(&mut buf, &table);
        assert_eq!(buf, [-128, 1, 0, -1, -127]);
    }
}
