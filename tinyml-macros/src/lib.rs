//! The `tiny_model!` proc-macro. Use it through the `tinyml` crate, whose
//! documentation is the DSL reference.
//!
//! The pipeline is **parse → check → plan → expand**: `ast` recognises the
//! syntax, `check` resolves layers, shapes and weight files into the
//! span-carrying `ir` while accumulating every error in a `ctxt::Ctxt`,
//! `tinyml_spec::plan` lays out activation memory, and `expand` writes the
//! code. What each layer is comes from `tinyml_spec`; what the macro does
//! with it (reading its call, its `i8` prepare step, its code) is one file
//! per layer in `ops`. On error the errors are emitted together with a stub
//! of the model type.

mod ast;
mod check;
mod ctxt;
mod expand;
mod ir;
mod ops;

use proc_macro::TokenStream;

/// Declares a neural network; see the `tinyml` crate for the language.
#[proc_macro]
pub fn tiny_model(input: TokenStream) -> TokenStream {
    let def = syn::parse_macro_input!(input as ast::ModelDef);
    let cx = ctxt::Ctxt::default();
    let checked = check::check(&def, &cx);
    if let Some(model) = checked.model.as_ref().filter(|_| !cx.has_errors()) {
        let plan = tinyml_spec::plan::plan(&model.graph);
        if check::arena(model, &plan, &cx) {
            return expand::model(model, &plan).into();
        }
    }
    let stub = expand::stub(&def, &checked);
    let errors = cx.into_compile_errors();
    quote::quote!(#errors #stub).into()
}
