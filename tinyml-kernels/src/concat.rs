//! `concat`: the operands joined along one axis, for any element type (in
//! `i8` too: TFLM's CONCATENATION requires one quantization for all and
//! copies). Seen around the axis, each operand is `OUTER` runs of `INNER`
//! values, and the output is `OUTER` runs of every operand's run in turn;
//! each operand is copied into its place by one call.

/// Copies `part` (`OUTER` runs of `INNER` values) into `out` (`OUTER`
/// runs of `ROW` values), each run at `AT` within its output run.
#[inline(always)]
pub fn concat_part<
    T: Copy,
    const OUTER: usize,
    const INNER: usize,
    const ROW: usize,
    const AT: usize,
    const LEN: usize,
    const OUT: usize,
>(
    part: &[T; LEN],
    out: &mut [T; OUT],
) {
    const {
        assert!(INNER > 0 && OUTER > 0, "empty operand");
        assert!(LEN == OUTER * INNER, "operand length is OUTER · INNER");
        assert!(OUT == OUTER * ROW, "output length is OUTER · ROW");
        assert!(AT + INNER <= ROW, "operand run outside the output run");
    };
    for (run, row) in part.chunks_exact(INNER).zip(out.chunks_exact_mut(ROW)) {
        row[AT..AT + INNER].copy_from_slice(run);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_rows_along_the_last_axis() {
        let mut out = [0u8; 10];
        concat_part::<u8, 2, 2, 5, 0, 4, 10>(&[1, 2, 3, 4], &mut out);
        concat_part::<u8, 2, 3, 5, 2, 6, 10>(&[5, 6, 7, 8, 9, 10], &mut out);
        assert_eq!(out, [1, 2, 5, 6, 7, 3, 4, 8, 9, 10]);
    }

    #[test]
    fn joins_whole_tensors_along_the_first_axis() {
        let mut out = [0i8; 5];
        concat_part::<i8, 1, 2, 5, 0, 2, 5>(&[1, 2], &mut out);
        concat_part::<i8, 1, 3, 5, 2, 3, 5>(&[3, 4, 5], &mut out);
        assert_eq!(out, [1, 2, 3, 4, 5]);
    }
}
