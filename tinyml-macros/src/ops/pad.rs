//! `pad(top = T, bottom = B, left = L, right = R)`: read (named sides, each
//! 0 when left out, at least one given), prepared (it keeps its input's
//! quantization and fills with the zero point) and expanded.

use proc_macro2::TokenStream;
use quote::quote;
pub(super) use tinyml_spec::ops::pad::Pad;

use super::MacroOp;
use crate::ast::LayerCall;
use crate::check::args::{self, Files, Signature};
use crate::check::int8::Record;
use crate::ctxt::Ctxt;
use crate::expand::Step;
use crate::ir::Int8Node;

const SIGNATURE: Signature = Signature {
    usage: "pad(top = T, bottom = B, left = L, right = R)",
    positional: &[],
    named: &["top", "bottom", "left", "right"],
};

impl MacroOp for Pad {
    fn parse<'a>(call: &'a LayerCall, cx: &Ctxt) -> Option<(Self, Files<'a>)> {
        let args = args::read(call, &SIGNATURE, cx)?;
        let side = |name: &str| {
            args.named(name)
                .map_or(Some(0), |value| args::index(value, name, cx))
        };
        let (top, bottom, left, right) = (side("top"), side("bottom"), side("left"), side("right"));
        let pad = Pad {
            top: top?,
            bottom: bottom?,
            left: left?,
            right: right?,
        };
        if pad == Pad::default() && !cx.has_errors() {
            let span = call
                .args
                .as_ref()
                .map_or(call.name.span(), |(delimiter, _)| delimiter.span());
            cx.error(
                span,
                "`pad` pads nothing here; name the sides it pads, such as `pad(bottom = 1, right = 1)` (Keras' \
                 `ZeroPadding2D(((0, 1), (0, 1)))`)",
            );
            return None;
        }
        Some((pad, Files::default()))
    }

    fn prepare_int8(&self, record: &Record<'_>) -> Option<Int8Node> {
        record.pad()
    }

    fn expand(&self, step: &Step<'_>) -> TokenStream {
        let (t, k) = (&step.t, step.k());
        expand_pad(self, step, t, quote!(<#t as #k::Element>::ZERO))
    }

    fn expand_int8(&self, step: &Step<'_>, prepared: Option<&Int8Node>) -> TokenStream {
        let Some(&Int8Node::Pad { fill }) = prepared else {
            return step.unprepared();
        };
        expand_pad(self, step, &quote!(i8), quote!(#fill))
    }
}

/// `kernels::pad::pad` with `fill` as the border.
fn expand_pad(pad: &Pad, step: &Step<'_>, t: &TokenStream, fill: TokenStream) -> TokenStream {
    let k = step.k();
    let [h, w, c] = step.image();
    let (top, left) = (pad.top, pad.left);
    // A `[steps, c]` sequence is a one-row image.
    let (oh, ow) = match *step.output_shape() {
        [oh, ow, _] => (oh, ow),
        [steps, _] => (1, steps),
        _ => (0, 0),
    };
    let (il, ol) = (step.input_len(), step.output_len());
    step.kernel(
        quote!(#k::pad::pad::<#t, #h, #w, #c, #top, #left, #oh, #ow, #il, #ol>(src, dst, #fill)),
    )
}
