//! Views into a model's activation arena.
//!
//! A model keeps all of its activations in one array `[T; A]`. Each layer
//! reads one region of it and writes another; the macro lays the regions out
//! and these functions hand them to the kernels as fixed-size arrays. Offsets
//! and lengths are const generics, so bounds and disjointness are checked at
//! compile time and, after inlining, no panic path remains.

/// The region `OFF..OFF + LEN` of `arena`.
#[inline(always)]
pub fn region<T, const A: usize, const OFF: usize, const LEN: usize>(arena: &[T; A]) -> &[T; LEN] {
    const { assert!(OFF <= A && LEN <= A - OFF, "arena region out of bounds") };
    match arena[OFF..].first_chunk::<LEN>() {
        Some(region) => region,
        None => unreachable!(), // excluded by the const assertion
    }
}

/// The region `OFF..OFF + LEN` of `arena`, mutably.
#[inline(always)]
pub fn region_mut<T, const A: usize, const OFF: usize, const LEN: usize>(
    arena: &mut [T; A],
) -> &mut [T; LEN] {
    const { assert!(OFF <= A && LEN <= A - OFF, "arena region out of bounds") };
    match arena[OFF..].first_chunk_mut::<LEN>() {
        Some(region) => region,
        None => unreachable!(), // excluded by the const assertion
    }
}

/// The input region `IN_OFF..IN_OFF + IN_LEN` and the output region
/// `OUT_OFF..OUT_OFF + OUT_LEN` of `arena`, which must not overlap.
///
/// ```
/// let mut arena = [0u8; 10];
/// let (input, output) = tinyml_kernels::arena::split::<_, 10, 0, 5, 5, 5>(&mut arena);
/// # let _ = (input, output);
/// ```
///
/// Overlapping regions are a compile error:
///
/// ```compile_fail
/// let mut arena = [0u8; 10];
/// let (input, output) = tinyml_kernels::arena::split::<_, 10, 0, 5, 4, 5>(&mut arena);
/// # let _ = (input, output);
/// ```
#[inline(always)]
pub fn split<
    T,
    const A: usize,
    const IN_OFF: usize,
    const IN_LEN: usize,
    const OUT_OFF: usize,
    const OUT_LEN: usize,
>(
    arena: &mut [T; A],
) -> (&[T; IN_LEN], &mut [T; OUT_LEN]) {
    const {
        assert!(
            IN_OFF <= A && IN_LEN <= A - IN_OFF,
            "arena input region out of bounds"
        );
        assert!(
            OUT_OFF <= A && OUT_LEN <= A - OUT_OFF,
            "arena output region out of bounds"
        );
        assert!(
            IN_OFF + IN_LEN <= OUT_OFF || OUT_OFF + OUT_LEN <= IN_OFF,
            "arena input and output regions overlap"
        );
    };
    // The condition is a constant, so only one branch is compiled in.
    let (input, output) = if IN_OFF + IN_LEN <= OUT_OFF {
        let (low, high) = arena.split_at_mut(OUT_OFF);
        (&low[IN_OFF..], high)
    } else {
        let (low, high) = arena.split_at_mut(IN_OFF);
        (&*high, &mut low[OUT_OFF..])
    };
    match (
        input.first_chunk::<IN_LEN>(),
        output.first_chunk_mut::<OUT_LEN>(),
    ) {
        (Some(input), Some(output)) => (input, output),
        _ => unreachable!(), // excluded by the const assertions
    }
}

/// Two input regions (which may overlap each other) and one output region
/// (which overlaps neither), for two-input layers such as `add`.
#[inline(always)]
#[allow(clippy::type_complexity)]
pub fn split2<
    T,
    const A: usize,
    const X_OFF: usize,
    const X_LEN: usize,
    const Y_OFF: usize,
    const Y_LEN: usize,
    const OUT_OFF: usize,
    const OUT_LEN: usize,
>(
    arena: &mut [T; A],
) -> (&[T; X_LEN], &[T; Y_LEN], &mut [T; OUT_LEN]) {
    const {
        assert!(
            X_OFF <= A && X_LEN <= A - X_OFF,
            "arena input region out of bounds"
        );
        assert!(
            Y_OFF <= A && Y_LEN <= A - Y_OFF,
            "arena input region out of bounds"
        );
        assert!(
            OUT_OFF <= A && OUT_LEN <= A - OUT_OFF,
            "arena output region out of bounds"
        );
        assert!(
            X_OFF + X_LEN <= OUT_OFF || OUT_OFF + OUT_LEN <= X_OFF,
            "arena regions overlap"
        );
        assert!(
            Y_OFF + Y_LEN <= OUT_OFF || OUT_OFF + OUT_LEN <= Y_OFF,
            "arena regions overlap"
        );
    };
    let (low, rest) = arena.split_at_mut(OUT_OFF);
    let (output, high) = rest.split_at_mut(OUT_LEN);
    let (low, high) = (&*low, &*high);
    // Each input lies wholly below or wholly above the output (asserted).
    let view = |offset: usize| {
        if offset < OUT_OFF {
            &low[offset..]
        } else {
            &high[offset - OUT_OFF - OUT_LEN..]
        }
    };
    match (
        view(X_OFF).first_chunk::<X_LEN>(),
        view(Y_OFF).first_chunk::<Y_LEN>(),
        output.first_chunk_mut::<OUT_LEN>(),
    ) {
        (Some(x), Some(y), Some(output)) => (x, y, output),
        _ => unreachable!(), // excluded by the const assertions
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_see_the_right_elements() {
        let mut arena: [u32; 10] = core::array::from_fn(|i| i as u32);
        assert_eq!(region::<_, 10, 3, 4>(&arena), &[3, 4, 5, 6]);
        assert_eq!(region::<_, 10, 0, 10>(&arena), &arena.clone());
        region_mut::<_, 10, 8, 2>(&mut arena).copy_from_slice(&[80, 90]);
        assert_eq!(arena[7..], [7, 80, 90]);
    }

    #[test]
    fn split_input_before_output() {
        let mut arena: [u32; 10] = core::array::from_fn(|i| i as u32);
        let (input, output) = split::<_, 10, 1, 3, 4, 6>(&mut arena);
        assert_eq!(input, &[1, 2, 3]);
        output.fill(0);
        assert_eq!(arena, [0, 1, 2, 3, 0, 0, 0, 0, 0, 0]);
    }

    #[test]
    fn split_output_before_input() {
        let mut arena: [u32; 10] = core::array::from_fn(|i| i as u32);
        let (input, output) = split::<_, 10, 7, 3, 0, 2>(&mut arena);
        assert_eq!(input, &[7, 8, 9]);
        output.copy_from_slice(&[70, 80]);
        assert_eq!(arena, [70, 80, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
}
