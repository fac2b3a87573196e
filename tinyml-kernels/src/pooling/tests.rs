//! Property tests of the pooling kernels against naive references that pad
//! their input explicitly.

extern crate std;

use std::vec;
use std::vec::Vec;

use super::{avg_pool, global_avg_pool, max_pool};
use crate::Clamp;
use crate::testing::{
    I4F4, I8F8, I16F16, Padding, Reference, arr, check_random, clamps, compare, out_len, pad,
};

/// Shape of one test case.
struct Case {
    ih: usize,
    iw: usize,
    c: usize,
    kh: usize,
    kw: usize,
    sh: usize,
    sw: usize,
    padding: Padding,
}

impl Case {
    const fn oh(&self) -> usize {
        out_len(self.padding, self.ih, self.kh, self.sh)
    }
    const fn ow(&self) -> usize {
        out_len(self.padding, self.iw, self.kw, self.sw)
    }

    /// The non-padding inputs of each window, per output `[oh][ow][c]`.
    fn windows<T: Copy>(&self, input: &[T]) -> Vec<Vec<T>> {
        let (pt, pb) = pad(self.padding, self.ih, self.kh, self.sh);
        let (pl, pr) = pad(self.padding, self.iw, self.kw, self.sw);
        let pw = self.iw + pl + pr;
        let mut padded = vec![None; (self.ih + pt + pb) * pw * self.c];
        for y in 0..self.ih {
            for x in 0..self.iw {
                for c in 0..self.c {
                    padded[((y + pt) * pw + x + pl) * self.c + c] =
                        Some(input[(y * self.iw + x) * self.c + c]);
                }
            }
        }
        let mut windows = Vec::new();
        for oy in 0..self.oh() {
            for ox in 0..self.ow() {
                for c in 0..self.c {
                    let mut window = Vec::new();
                    for ky in 0..self.kh {
                        for kx in 0..self.kw {
                            let (py, px) = (oy * self.sh + ky, ox * self.sw + kx);
                            window.extend(padded[(py * pw + px) * self.c + c]);
                        }
                    }
                    windows.push(window);
                }
            }
        }
        windows
    }
}

fn reference_max<T: Reference>(case: &Case, input: &[T], clamp: Clamp<T>) -> Vec<(T::Want, f64)> {
    let max = |w: &Vec<T>| {
        w.iter()
            .copied()
            .reduce(|m, x| if x > m { x } else { m })
            .unwrap()
    };
    case.windows(input)
        .iter()
        .map(|w| (T::exact(max(w), clamp), 0.0))
        .collect()
}

fn mean<T: Reference>(values: &[T], clamp: Clamp<T>) -> (T::Want, f64) {
    let sum = values
        .iter()
        .fold(T::Wide::default(), |s, &x| s + T::wide(x));
    let magnitude: f64 = values.iter().map(|&x| T::magnitude(T::wide(x))).sum();
    let count = values.len();
    (T::finish_mean(sum, count, clamp), magnitude / count as f64)
}

fn reference_avg<T: Reference>(case: &Case, input: &[T], clamp: Clamp<T>) -> Vec<(T::Want, f64)> {
    case.windows(input).iter().map(|w| mean(w, clamp)).collect()
}

macro_rules! pool_cases {
    ($($name:ident: in [$ih:expr, $iw:expr, $c:expr], kernel [$kh:expr, $kw:expr],
        stride [$sh:expr, $sw:expr], $padding:ident;)*) => {$(
        mod $name {
            use super::*;

            const CASE: Case = Case {
                ih: $ih, iw: $iw, c: $c, kh: $kh, kw: $kw, sh: $sh, sw: $sw,
                padding: Padding::$padding,
            };
            const IH: usize = CASE.ih;
            const IW: usize = CASE.iw;
            const C: usize = CASE.c;
            const KH: usize = CASE.kh;
            const KW: usize = CASE.kw;
            const SH: usize = CASE.sh;
            const SW: usize = CASE.sw;
            const OH: usize = CASE.oh();
            const OW: usize = CASE.ow();
            const PT: usize = pad(CASE.padding, IH, KH, SH).0;
            const PL: usize = pad(CASE.padding, IW, KW, SW).0;
            const IN: usize = IH * IW * C;
            const OUT: usize = OH * OW * C;

            fn max<T: Reference>() {
                check_random((T::values(IN), clamps::<T>()), |(input, clamp)| {
                    let mut got = [T::default(); OUT];
                    max_pool::<T, IH, IW, C, OH, OW, KH, KW, SH, SW, PT, PL, IN, OUT>(arr(&input), &mut got, clamp);
                    compare(&got, &reference_max(&CASE, &input, clamp))
                });
            }

            fn avg<T: Reference>() {
                check_random((T::values(IN), clamps::<T>()), |(input, clamp)| {
                    let mut got = [T::default(); OUT];
                    avg_pool::<T, IH, IW, C, OH, OW, KH, KW, SH, SW, PT, PL, IN, OUT>(arr(&input), &mut got, clamp);
                    compare(&got, &reference_avg(&CASE, &input, clamp))
                });
            }

            fn global<T: Reference>() {
                check_random(T::values(IN), |input| {
                    let mut got = [T::default(); C];
                    global_avg_pool::<T, IH, IW, C, IN>(arr(&input), &mut got);
                    let want: Vec<_> = (0..C)
                        .map(|c| {
                            let channel: Vec<T> = input.iter().copied().skip(c).step_by(C).collect();
                            mean(&channel, Clamp::none())
                        })
                        .collect();
                    compare(&got, &want)
                });
            }

            #[test] fn max_f32() { max::<f32>() }
            #[test] fn max_i4f4() { max::<I4F4>() }
            #[test] fn max_i8f8() { max::<I8F8>() }
            #[test] fn max_i16f16() { max::<I16F16>() }
            #[test] fn avg_f32() { avg::<f32>() }
            #[test] fn avg_i4f4() { avg::<I4F4>() }
            #[test] fn avg_i8f8() { avg::<I8F8>() }
            #[test] fn avg_i16f16() { avg::<I16F16>() }
            #[test] fn global_f32() { global::<f32>() }
            #[test] fn global_i4f4() { global::<I4F4>() }
            #[test] fn global_i8f8() { global::<I8F8>() }
            #[test] fn global_i16f16() { global::<I16F16>() }
        }
    )*};
}

pool_cases! {
    // The usual 2x2 / 2 on even and odd inputs (odd: same pads one after).
    pool_2x2_valid: in [6, 4, 3], kernel [2, 2], stride [2, 2], Valid;
    pool_2x2_same_odd: in [5, 7, 2], kernel [2, 2], stride [2, 2], Same;
    // 3x3 windows, stride 1 and 2, even and odd pad totals.
    pool_3x3_same: in [5, 4, 2], kernel [3, 3], stride [1, 1], Same;
    pool_3x3_same_stride2: in [7, 6, 2], kernel [3, 3], stride [2, 2], Same;
    pool_3x3_valid_stride2: in [7, 8, 3], kernel [3, 3], stride [2, 2], Valid;
    // non-square window, mixed strides, window larger than the padding needs.
    pool_1x3_same: in [4, 6, 2], kernel [1, 3], stride [2, 1], Same;
    pool_4x2_same: in [4, 5, 1], kernel [4, 2], stride [1, 2], Same;
    // 1x1 window (a subsampling).
    pool_1x1_stride2: in [5, 5, 2], kernel [1, 1], stride [2, 2], Valid;
}
