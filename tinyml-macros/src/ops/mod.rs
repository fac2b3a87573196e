//! One file per layer, named as in `tinyml_spec::ops` (rtic-macros' way):
//! how the layer's call is read (its signature and usage text), its `i8`
//! prepare step, and its code for `f32`/fixed-point and `i8` models. What
//! the layer *is* (shape rule, weight layout, MACs, fusion) lives in
//! `tinyml_spec`; the dispatch below is generated from the spec's table, so
//! a layer added there without a file here does not compile.

mod add;
mod avg_pool;
mod avg_pool1d;
mod binary;
mod concat;
mod conv1d;
mod conv2d;
mod conv2d_transpose;
mod dense;
mod depthwise_conv1d;
mod depthwise_conv2d;
mod flatten;
mod global_avg_pool;
mod hard_swish;
mod leaky_relu;
mod lookup;
mod lstm;
mod max_pool;
mod max_pool1d;
mod maximum;
mod mean;
mod minimum;
mod mul;
mod pad;
mod pool;
mod relu;
mod relu6;
mod reshape;
mod sigmoid;
mod slice;
mod softmax;
mod strided;
mod sub;
mod tanh;
mod tile;
mod transpose;
mod upsample;

use proc_macro2::{Span, TokenStream};
use tinyml_spec::{Kind, Layer, Op, ShapeError};

use crate::ast::LayerCall;
use crate::check::args::Files;
use crate::check::int8::Record;
use crate::ctxt::Ctxt;
use crate::expand::Step;
use crate::ir::Int8Node;

/// What the macro knows of one layer besides its spec.
pub(crate) trait MacroOp: Op + Sized {
    /// Where in `call` a shape error belongs, if not on the layer's name
    /// (a window that does not fit goes on the window size).
    fn error_span(_call: &LayerCall, _error: &ShapeError) -> Option<Span> {
        None
    }

    /// Reads the layer's call in a chain: its arguments and the parameter
    /// files it names itself.
    fn parse<'a>(call: &'a LayerCall, cx: &Ctxt) -> Option<(Self, Files<'a>)>;

    /// For the layers that combine named tensors and so start a chain
    /// (`add(a, b)`, `concat(a, b, c)`): the layer on `operands` tensors,
    /// given the call's named arguments (the operands are read by `check`).
    fn combine(call: &LayerCall, _operands: usize, cx: &Ctxt) -> Option<Self> {
        cx.error(
            call.name.span(),
            format_args!("`{}` does not combine tensors", Self::NAME),
        );
        None
    }

    /// `i8` models: checks the node's record of the weights file and
    /// prepares the kernel's parameters, as TFLM's `Prepare` would.
    fn prepare_int8(&self, record: &Record<'_>) -> Option<Int8Node>;

    /// The code of one step of an `f32` or fixed-point model.
    fn expand(&self, step: &Step<'_>) -> TokenStream;

    /// The code of one step of an `i8` model, with what
    /// [`MacroOp::prepare_int8`] returned.
    fn expand_int8(&self, step: &Step<'_>, prepared: Option<&Int8Node>) -> TokenStream;
}

/// A chain layer as read from its call.
pub(crate) struct Parsed<'a> {
    pub(crate) layer: Layer,
    pub(crate) files: Files<'a>,
}

macro_rules! dispatch {
    ($($variant:ident: $module:ident::$ty:ident,)*) => {
        /// Reads a call of the layer `kind` in a chain.
        pub(crate) fn parse<'a>(kind: Kind, call: &'a LayerCall, cx: &Ctxt) -> Option<Parsed<'a>> {
            match kind {
                $(Kind::$variant => {
                    let (op, files) = <$module::$ty as MacroOp>::parse(call, cx)?;
                    Some(Parsed { layer: Layer::$variant(op), files })
                })*
            }
        }

        /// See [`MacroOp::combine`].
        pub(crate) fn combine(kind: Kind, call: &LayerCall, operands: usize, cx: &Ctxt) -> Option<Layer> {
            match kind {
                $(Kind::$variant => <$module::$ty as MacroOp>::combine(call, operands, cx).map(Layer::$variant),)*
            }
        }

        /// See [`MacroOp::error_span`].
        pub(crate) fn error_span(kind: Kind, call: &LayerCall, error: &ShapeError) -> Option<Span> {
            match kind {
                $(Kind::$variant => <$module::$ty as MacroOp>::error_span(call, error),)*
            }
        }

        /// See [`MacroOp::prepare_int8`].
        pub(crate) fn prepare_int8(layer: &Layer, record: &Record<'_>) -> Option<Int8Node> {
            match layer {
                $(Layer::$variant(op) => op.prepare_int8(record),)*
            }
        }

        /// See [`MacroOp::expand`].
        pub(crate) fn expand(layer: &Layer, step: &Step<'_>) -> TokenStream {
            match layer {
                $(Layer::$variant(op) => op.expand(step),)*
            }
        }

        /// See [`MacroOp::expand_int8`].
        pub(crate) fn expand_int8(layer: &Layer, step: &Step<'_>, prepared: Option<&Int8Node>) -> TokenStream {
            match layer {
                $(Layer::$variant(op) => op.expand_int8(step, prepared),)*
            }
        }
    };
}

tinyml_spec::for_each_op!(dispatch);
