//! The geometry of a convolution, as the general loops see it, and the
//! checks of it that both kernels make.
//!
//! Each general loop (`conv2d.rs`, `depthwise.rs`) is written once, generic
//! over [`Geom`]. For [`Fixed`], a kernel's const parameters as a type,
//! every bound, stride and division of the loop is a constant, as in a
//! const-generic loop: the shapes that a fast path never takes (IC's 288-
//! and 576-tap convolutions ran 50% slower through a run-time geometry).
//! For [`Geometry`], the same values at run time, one copy serves every
//! shape: the calls that no fast path takes (an input offset beyond `i8`,
//! which no valid quantization has).
//!
//! The parameters are methods returning one `usize` each, rather than one
//! method returning the whole [`Geometry`]: a struct goes through memory,
//! and its fields became constants too late for the optimiser's loop
//! decisions (IC's 288- and 576-tap convolutions took 2% and 10% more
//! instructions).

use crate::geometry::window2d_fits;

/// Defines [`Geometry`], [`Geom`] and [`Fixed`] from one list of
/// parameters, so that the three cannot disagree.
macro_rules! geometry {
    ($($(#[doc = $doc:literal])* $name:ident = $param:ident,)*) => {
        /// A convolution's geometry at run time: the const parameters of a
        /// kernel as values.
        #[derive(Clone, Copy)]
        pub(super) struct Geometry {
            $($(#[doc = $doc])* $name: usize,)*
        }

        /// A convolution's geometry, known at compile time ([`Fixed`]) or
        /// at run time ([`Geometry`]).
        pub(super) trait Geom: Copy {
            $($(#[doc = $doc])* fn $name(self) -> usize;)*
        }

        impl Geom for Geometry {
            $(
                #[inline(always)]
                fn $name(self) -> usize {
                    self.$name
                }
            )*
        }

        /// A kernel's const parameters as a (zero-sized) type.
        #[derive(Clone, Copy)]
        pub(super) struct Fixed<$(const $param: usize),*>;

        impl<$(const $param: usize),*> Geom for Fixed<$($param),*> {
            $(
                #[inline(always)]
                fn $name(self) -> usize {
                    $param
                }
            )*
        }

        impl<$(const $param: usize),*> Fixed<$($param),*> {
            /// The geometry, after the checks of [`Geometry::check`]
            /// against the lengths of the input and the output: for a
            /// kernel's `const { }` block.
            pub(super) const fn checked(input_len: usize, output_len: usize) -> Self {
                Geometry { $($name: $param,)* }.check(input_len, output_len);
                Self
            }
        }

        impl Geometry {
            /// The values of `g`, for a kernel's call of the run-time copy:
            /// built there, on the path that needs them, rather than passed
            /// as the address of a constant, which changed the registers of
            /// KWS's depthwise plane loop (1% more instructions).
            #[inline(always)]
            pub(super) fn of(g: impl Geom) -> Self {
                Self { $($name: g.$name(),)* }
            }
        }
    };
}

geometry! {
    /// Input rows, `IH`.
    ih = IH,
    /// Input columns, `IW`.
    iw = IW,
    /// Input channels, `IC`.
    ic = IC,
    /// Output rows, `OH`.
    oh = OH,
    /// Output columns, `OW`.
    ow = OW,
    /// Output channels, `OC`.
    oc = OC,
    /// Kernel rows, `KH`.
    kh = KH,
    /// Kernel columns, `KW`.
    kw = KW,
    /// Row stride, `SH`.
    sh = SH,
    /// Column stride, `SW`.
    sw = SW,
    /// Padding rows above the input, `PT`.
    pt = PT,
    /// Padding columns left of the input, `PL`.
    pl = PL,
}

impl Geometry {
    /// The checks of the geometry that both kernels make (each also checks
    /// its weights), with `input_len` and `output_len` the lengths of the
    /// input and the output: in a `const { }` block, a failed check is a
    /// compile error.
    const fn check(self, input_len: usize, output_len: usize) {
        assert!(
            self.ic > 0 && self.oc > 0,
            "int8 convolution: channel counts must be positive"
        );
        assert!(
            input_len == self.ih * self.iw * self.ic,
            "int8 convolution: IN must be IH * IW * IC"
        );
        assert!(
            output_len == self.oh * self.ow * self.oc,
            "int8 convolution: OUT must be OH * OW * OC"
        );
        let fits = window2d_fits(
            [self.ih, self.iw],
            [self.oh, self.ow],
            [self.kh, self.kw],
            [self.sh, self.sw],
            [self.pt, self.pl],
        );
        assert!(
            fits,
            "int8 convolution: the windows (OH, OW, KH, KW, SH, SW, PT, PL) do not tile the input (IH, IW)"
        );
    }
}
