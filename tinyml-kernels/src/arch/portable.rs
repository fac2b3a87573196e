//! The portable definitions of the [DSP instructions](super): what each
//! computes, in plain Rust, on every target.

/// `SXTB16`: bytes 0 and 2 of `x`, each sign-extended to 16 bits, in the
/// low and high halfword.
#[inline(always)]
pub fn sxtb16(x: u32) -> u32 {
    let low = u32::from(i16::from(x as u8 as i8) as u16);
    let high = u32::from(i16::from((x >> 16) as u8 as i8) as u16);
    low | (high << 16)
}

/// `SXTB16` with its operand rotated right by 8: bytes 1 and 3 of `x`.
#[inline(always)]
pub fn sxtb16_ror8(x: u32) -> u32 {
    sxtb16(x.rotate_right(8))
}

/// `SMLAD`: `acc + a.low · b.low + a.high · b.high`, the halfwords signed,
/// the sum wrapping in 32 bits (the instruction also sets the Q flag on
/// overflow, which nothing here reads).
#[inline(always)]
pub fn smlad(a: u32, b: u32, acc: i32) -> i32 {
    let (a_low, a_high) = (i32::from(a as i16), i32::from((a >> 16) as i16));
    let (b_low, b_high) = (i32::from(b as i16), i32::from((b >> 16) as i16));
    acc.wrapping_add(a_low * b_low)
        .wrapping_add(a_high * b_high)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sxtb16_picks_and_extends_bytes_0_and_2() {
        assert_eq!(sxtb16(0x7f_80_01_ff), 0xff80_ffff);
        assert_eq!(sxtb16(0x00_7f_00_80), 0x007f_ff80);
        assert_eq!(sxtb16_ror8(0x7f_80_01_ff), 0x007f_0001);
    }

    #[test]
    fn smlad_adds_both_products_wrapping() {
        let pair = |low: i16, high: i16| u32::from(low as u16) | (u32::from(high as u16) << 16);
        assert_eq!(smlad(pair(-128, 127), pair(3, -2), 10), 10 - 384 - 254);
        let most = pair(i16::MIN, i16::MIN);
        assert_eq!(smlad(most, most, i32::MAX), i32::MAX.wrapping_add(1 << 31));
    }
}
