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

/// Disjoint mutable regions `(offset, len)` of `arena`, carved in order of
/// offset. The caller checks (at compile time) that they are in bounds and
/// pairwise disjoint.
#[inline(always)]
fn carve<'a, T, const N: usize>(
    arena: &'a mut [T],
    regions: [(usize, usize); N],
) -> [&'a mut [T]; N] {
    let mut order: [usize; N] = core::array::from_fn(|i| i);
    order.sort_unstable_by_key(|&i| regions[i].0);
    let mut parts: [&'a mut [T]; N] = core::array::from_fn(|_| <&mut [T]>::default());
    let (mut rest, mut base) = (arena, 0);
    for i in order {
        let (offset, len) = regions[i];
        let (_, tail) = core::mem::take(&mut rest).split_at_mut(offset - base);
        let (part, tail) = tail.split_at_mut(len);
        parts[i] = part;
        rest = tail;
        base = offset + len;
    }
    parts
}

/// Whether `(offset, len)` regions `a` and `b` do not overlap.
const fn apart(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 + a.1 <= b.0 || b.0 + b.1 <= a.0
}

/// The input, output and scratch regions of `arena` (pairwise disjoint),
/// for a layer that works in scratch memory during its step (`lstm`).
#[inline(always)]
#[allow(clippy::type_complexity)]
pub fn split_scratch<
    T,
    const A: usize,
    const IN_OFF: usize,
    const IN_LEN: usize,
    const OUT_OFF: usize,
    const OUT_LEN: usize,
    const S_OFF: usize,
    const S_LEN: usize,
>(
    arena: &mut [T; A],
) -> (&[T; IN_LEN], &mut [T; OUT_LEN], &mut [T; S_LEN]) {
    const {
        assert!(
            IN_OFF <= A && IN_LEN <= A - IN_OFF && OUT_OFF <= A && OUT_LEN <= A - OUT_OFF,
            "arena region out of bounds"
        );
        assert!(
            S_OFF <= A && S_LEN <= A - S_OFF,
            "arena scratch out of bounds"
        );
        assert!(
            apart((IN_OFF, IN_LEN), (OUT_OFF, OUT_LEN))
                && apart((IN_OFF, IN_LEN), (S_OFF, S_LEN))
                && apart((OUT_OFF, OUT_LEN), (S_OFF, S_LEN)),
            "arena regions overlap"
        );
    };
    let [input, output, scratch] = carve(
        arena,
        [(IN_OFF, IN_LEN), (OUT_OFF, OUT_LEN), (S_OFF, S_LEN)],
    );
    match (
        input.first_chunk::<IN_LEN>(),
        output.first_chunk_mut::<OUT_LEN>(),
        scratch.first_chunk_mut::<S_LEN>(),
    ) {
        (Some(input), Some(output), Some(scratch)) => (input, output, scratch),
        _ => unreachable!(), // excluded by the const assertions
    }
}

/// The output and scratch regions of `arena` (disjoint), for a layer with
/// scratch memory on a model input ([`split_scratch`]).
#[inline(always)]
pub fn output_scratch<
    T,
    const A: usize,
    const OUT_OFF: usize,
    const OUT_LEN: usize,
    const S_OFF: usize,
    const S_LEN: usize,
>(
    arena: &mut [T; A],
) -> (&mut [T; OUT_LEN], &mut [T; S_LEN]) {
    const {
        assert!(
            OUT_OFF <= A && OUT_LEN <= A - OUT_OFF,
            "arena region out of bounds"
        );
        assert!(
            S_OFF <= A && S_LEN <= A - S_OFF,
            "arena scratch out of bounds"
        );
        assert!(
            apart((OUT_OFF, OUT_LEN), (S_OFF, S_LEN)),
            "arena regions overlap"
        );
    };
    let [output, scratch] = carve(arena, [(OUT_OFF, OUT_LEN), (S_OFF, S_LEN)]);
    match (
        output.first_chunk_mut::<OUT_LEN>(),
        scratch.first_chunk_mut::<S_LEN>(),
    ) {
        (Some(output), Some(scratch)) => (output, scratch),
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

    #[test]
    fn scratch_regions_in_any_order() {
        let mut arena: [u32; 10] = core::array::from_fn(|i| i as u32);
        let (input, output, scratch) = split_scratch::<_, 10, 6, 2, 0, 3, 8, 2>(&mut arena);
        assert_eq!(input, &[6, 7]);
        output.fill(0);
        scratch.copy_from_slice(&[80, 90]);
        assert_eq!(arena, [0, 0, 0, 3, 4, 5, 6, 7, 80, 90]);
        let (output, scratch) = output_scratch::<_, 10, 5, 5, 1, 2>(&mut arena);
        output.fill(1);
        scratch.fill(2);
        assert_eq!(arena, [0, 2, 2, 3, 4, 1, 1, 1, 1, 1]);
    }
}
