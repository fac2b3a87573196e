//! The model's inputs and outputs in the generated API. A model with one
//! input and one output has `predict(&mut self, input: &[T; N]) -> &[T; M]`
//! and `INPUT_*`/`OUTPUT_*` consts; one with several takes one parameter
//! per input, named as the model names it, and returns one reference per
//! output (a struct `<Name>Outputs` with a field per output when there are
//! several), with consts `<NAME>_SHAPE` and `<NAME>_LEN` per port.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use tinyml_spec::plan::{Plan, Storage};

use crate::ir::{Model, Port};

/// One input or output, as the generated code names it.
pub(crate) struct Side<'a> {
    model: &'a Model,
    ports: &'a [Port],
    /// `INPUT` or `OUTPUT`, for the consts of a single port.
    single: &'static str,
}

impl<'a> Side<'a> {
    pub(crate) fn inputs(model: &'a Model) -> Self {
        Side {
            model,
            ports: &model.inputs,
            single: "INPUT",
        }
    }

    pub(crate) fn outputs(model: &'a Model) -> Self {
        Side {
            model,
            ports: &model.outputs,
            single: "OUTPUT",
        }
    }

    pub(crate) fn several(&self) -> bool {
        self.ports.len() > 1
    }

    pub(crate) fn lens(&self) -> Vec<usize> {
        self.ports
            .iter()
            .map(|p| self.model.graph.elements(p.tensor))
            .collect()
    }

    /// The parameter or field name of each port.
    pub(crate) fn names(&self) -> Vec<Ident> {
        self.ports
            .iter()
            .map(|p| match (&p.name, self.several()) {
                (Some(name), true) => name.clone(),
                _ => format_ident!("{}", self.single.to_lowercase()),
            })
            .collect()
    }

    /// The prefix of each port's consts: `INPUT`/`OUTPUT`, or the port's
    /// name in capitals when there are several.
    pub(crate) fn prefixes(&self) -> Vec<String> {
        let names: Vec<Option<&Ident>> = self.ports.iter().map(|p| p.name.as_ref()).collect();
        const_prefixes(&names, self.single)
    }

    /// `INPUT_SHAPE` and `INPUT_LEN`, or one pair per port.
    pub(crate) fn consts(&self) -> TokenStream {
        let ports = self.ports.iter().zip(self.names()).zip(self.prefixes());
        let items = ports.map(|((port, name), prefix)| {
            let shape = self.model.graph.shape(port.tensor);
            let (rank, len) = (shape.len(), self.model.graph.elements(port.tensor));
            let (shape_name, len_name) = (
                format_ident!("{prefix}_SHAPE"),
                format_ident!("{prefix}_LEN"),
            );
            let what = format!("{} `{name}`", self.single.to_lowercase());
            let shape_doc =
                format!("Shape of the {what}, row-major (height, width, channels for images).");
            let len_doc = format!("Number of values of the {what}: the product of its shape.");
            quote! {
                #[doc = #shape_doc]
                pub const #shape_name: [usize; #rank] = [#(#shape),*];
                #[doc = #len_doc]
                pub const #len_name: usize = #len;
            }
        });
        quote!(#(#items)*)
    }

    /// `input: &[T; N], …` for `predict`'s parameters.
    pub(crate) fn params(&self, t: &TokenStream) -> TokenStream {
        let params = self
            .names()
            .into_iter()
            .zip(self.lens())
            .map(|(name, len)| quote!(#name: &[#t; #len]));
        quote!(#(#params),*)
    }

    /// The name of the outputs struct of a model with several outputs.
    pub(crate) fn struct_name(&self) -> Ident {
        format_ident!("{}Outputs", self.model.name)
    }

    /// `predict`'s return type and the expression that gives it, read from
    /// the arena after the last layer.
    pub(crate) fn result(&self, t: &TokenStream, plan: &Plan) -> (TokenStream, TokenStream) {
        let (p, a) = (super::private(), plan.arena_len);
        let regions: Vec<TokenStream> = self
            .ports
            .iter()
            .map(|port| {
                let len = self.model.graph.elements(port.tensor);
                let offset = match (plan.output_copy, plan.storage[port.tensor]) {
                    (Some(offset), _) | (None, Storage::Arena(offset)) => offset,
                    (None, Storage::External) => 0,
                };
                quote!(#p::kernels::arena::region::<#t, #a, #offset, #len>(&self.arena))
            })
            .collect();
        if !self.several() {
            let len = self.lens()[0];
            return (quote!(&[#t; #len]), regions[0].clone());
        }
        let name = self.struct_name();
        let fields = self.names();
        (quote!(#name<'_>), quote!(#name { #(#fields: #regions),* }))
    }

    /// For several outputs: the struct that `predict` returns.
    pub(crate) fn outputs_struct(&self, t: &TokenStream) -> Option<TokenStream> {
        if !self.several() {
            return None;
        }
        let (vis, model) = (&self.model.vis, &self.model.name);
        let name = self.struct_name();
        let fields = self
            .names()
            .into_iter()
            .zip(self.lens())
            .map(|(field, len)| {
                let doc = format!("Output `{field}`.");
                quote!(#[doc = #doc] pub #field: &'a [#t; #len])
            });
        let doc = format!(
            "The outputs of [`{model}::predict`], borrowing the model's activation memory."
        );
        Some(quote! {
            #[doc = #doc]
            #[derive(Clone, Copy, Debug)]
            #vis struct #name<'a> {
                #(#fields),*
            }
        })
    }
}

/// The prefix of each port's consts, given the ports' names: `single`
/// (`INPUT` or `OUTPUT`) for one port, each name in capitals for several.
pub(crate) fn const_prefixes(names: &[Option<&Ident>], single: &str) -> Vec<String> {
    names
        .iter()
        .map(|name| match name {
            Some(name) if names.len() > 1 => name.to_string().to_uppercase(),
            _ => single.to_owned(),
        })
        .collect()
}

/// The parameter of `predict` that holds model input `tensor`.
pub(crate) fn input_param(model: &Model, tensor: usize) -> Ident {
    let side = Side::inputs(model);
    let index = model
        .inputs
        .iter()
        .position(|p| p.tensor == tensor)
        .unwrap_or(0);
    side.names().swap_remove(index)
}
