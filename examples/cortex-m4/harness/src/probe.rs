//! Input and output of the size probes (`src/bin/size-*.rs`): volatile, so
//! that the optimiser keeps the model between them.
#![allow(unsafe_code)]

/// An input the optimiser cannot see through.
pub fn input<T: Copy + Default, const N: usize>() -> [T; N] {
    let mut input = [T::default(); N];
    for x in &mut input {
        // SAFETY: `x` is a valid, aligned `&mut T`.
        unsafe { core::ptr::write_volatile(x, core::ptr::read_volatile(x)) };
    }
    input
}

/// Consumes an output so that the optimiser keeps its computation, and exits.
pub fn output<T: Copy, const N: usize>(output: &[T; N]) -> ! {
    for x in output {
        core::hint::black_box(*x);
    }
    crate::report::exit(true)
}
