//! The syntax tree of a `tiny_model!` invocation, exactly as written.
//!
//! Parsing only recognises the shape of the input (header, chains, layer
//! calls, arguments); what the words mean (is `conv3d` a layer? is `stride`
//! an argument of `dense`?) is decided by `check`, which can then report every
//! problem at once instead of stopping at the first.

mod layer;
mod model;

pub(crate) use layer::{Arg, Delimiter, IncludeBytes, LayerCall, Value};
pub(crate) use model::{Body, ModelDef, OutputsDecl, Source, Statement, WeightsDecl};
