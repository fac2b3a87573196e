//! Dot products of one `i8` vector with several `i8` rows at once, with
//! `SMLAD` where the target has it ([`crate::arch`]): the inner loop of the
//! dense layers.
//!
//! Four bytes of the input are loaded as one word and split by `SXTB16`
//! into its even and odd bytes, as two pairs of halfwords; the same for
//! four weights of each row, and two `SMLAD`s add the four products. The
//! input's split is shared by the `R` rows of a block. The sums are exact
//! integers added with wrapping, so any order gives TFLM's wrapping
//! `int32_t` accumulator bit for bit.

use crate::arch::{smlad, sxtb16, sxtb16_ror8};

/// How many rows [`dot_rows`] takes at once: four accumulators, the input's
/// two halves, a row word and its two halves fit the Cortex-M4's registers.
pub(crate) const ROWS: usize = 4;

/// `acc[r] + Σ_i x[i] · rows[r][i]`, wrapping, for `R` rows of at least
/// `x.len()` weights (a shorter row leaves its accumulator as it was).
#[inline(always)]
pub(crate) fn dot_rows<const R: usize>(x: &[i8], rows: [&[i8]; R], mut acc: [i32; R]) -> [i32; R] {
    // Each row cut to the input's length: then the words of a row are as
    // many as the input's, and indexing them needs no check at run time.
    let rows = rows.map(|row| row.get(..x.len()).unwrap_or_default());
    let (x_words, x_tail) = x.as_chunks::<4>();
    for (k, x_word) in x_words.iter().enumerate() {
        let x_word = word(x_word);
        let (x_even, x_odd) = (sxtb16(x_word), sxtb16_ror8(x_word));
        for (acc, row) in acc.iter_mut().zip(rows) {
            let Some(w_word) = row.as_chunks::<4>().0.get(k) else {
                continue;
            };
            let w_word = word(w_word);
            *acc = smlad(sxtb16(w_word), x_even, *acc);
            *acc = smlad(sxtb16_ror8(w_word), x_odd, *acc);
        }
    }
    for (acc, row) in acc.iter_mut().zip(rows) {
        let row_tail = row.as_chunks::<4>().1;
        for (&x, &w) in x_tail.iter().zip(row_tail) {
            *acc = acc.wrapping_add(i32::from(x) * i32::from(w));
        }
    }
    acc
}

/// Four bytes as one little-endian word (one `LDR`: ARMv7-M loads words
/// from any address).
#[inline(always)]
fn word(bytes: &[i8; 4]) -> u32 {
    u32::from_le_bytes(bytes.map(|b| b as u8))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain<const IN: usize, const R: usize>(
        x: &[i8; IN],
        rows: &[[i8; IN]; R],
        acc: [i32; R],
    ) -> [i32; R] {
        core::array::from_fn(|r| {
            x.iter().zip(&rows[r]).fold(acc[r], |a, (&x, &w)| {
                a.wrapping_add(i32::from(x) * i32::from(w))
            })
        })
    }

    #[test]
    fn equals_the_plain_sum_for_every_tail_length() {
        let mut seed = 0x2545_f491_u32;
        let mut byte = || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed as i8
        };
        fn check<const IN: usize>(byte: &mut impl FnMut() -> i8) {
            let x: [i8; IN] = core::array::from_fn(|_| byte());
            let rows: [[i8; IN]; ROWS] = core::array::from_fn(|_| core::array::from_fn(|_| byte()));
            let acc = [i32::MAX, i32::MIN, 7, -7];
            let refs = rows.each_ref().map(|row| row.as_slice());
            assert_eq!(dot_rows(&x, refs, acc), plain(&x, &rows, acc), "IN = {IN}");
            let extreme = [[-128i8; IN]; ROWS];
            let refs = extreme.each_ref().map(|row| row.as_slice());
            let want = plain(&[-128; IN], &extreme, acc);
            assert_eq!(dot_rows(&[-128; IN], refs, acc), want);
            // A row shorter than the input leaves its accumulator alone.
            let short = [&rows[0][..IN - 1], &rows[1], &rows[2], &rows[3]];
            assert_eq!(dot_rows(&x, short, acc)[0], acc[0]);
        }
        check::<1>(&mut byte);
        check::<4>(&mut byte);
        check::<7>(&mut byte);
        check::<64>(&mut byte);
        check::<130>(&mut byte);
    }
}
