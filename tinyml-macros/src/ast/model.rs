//! The whole invocation: header, chains and the model-level weight file.

use proc_macro2::Span;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Attribute, Ident, LitInt, Token, Visibility, bracketed};

use super::{IncludeBytes, LayerCall};

/// `#[attrs] pub Name: T = <chain>; <more chains>; weights = include_bytes!(…);`
pub(crate) struct ModelDef {
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) vis: Visibility,
    pub(crate) name: Ident,
    pub(crate) elem: syn::Path,
    /// Everything after `=`. A syntax error there still leaves the header
    /// intact, so the macro can emit a stub type and spare the user a cascade
    /// of "cannot find type" errors.
    pub(crate) body: syn::Result<Body>,
}

/// The chains and the model-level settings, in source order.
pub(crate) struct Body {
    pub(crate) statements: Vec<Statement>,
    pub(crate) weights: Vec<WeightsDecl>,
    pub(crate) outputs: Vec<OutputsDecl>,
}

/// `outputs = (class, anomaly);`: a model with several outputs names them.
pub(crate) struct OutputsDecl {
    pub(crate) keyword: Ident,
    pub(crate) names: Punctuated<Ident, Token![,]>,
    pub(crate) span: Span,
}

/// `source -> layer -> layer … [as name];`
pub(crate) struct Statement {
    pub(crate) source: Source,
    pub(crate) layers: Vec<LayerCall>,
    pub(crate) binding: Option<Ident>,
}

/// Where a chain starts.
pub(crate) enum Source {
    /// `input[49, 10, 1]`: the model input (first chain only), or
    /// `input[64, 3] streaming` for a model that also runs frame by frame.
    Input {
        keyword: Ident,
        dims: Punctuated<LitInt, Token![,]>,
        span: Span,
        streaming: Option<Ident>,
    },
    /// A tensor named earlier with `as name`.
    Tensor(Ident),
    /// A combining layer such as `add(x, y)`.
    Call(LayerCall),
}

/// Model-level `weights = include_bytes!("all.bin");`.
pub(crate) struct WeightsDecl {
    pub(crate) keyword: Ident,
    pub(crate) file: IncludeBytes,
}

impl Parse for ModelDef {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis: Visibility = input.parse()?;
        let name: Ident = input.parse()?;
        input.parse::<Token![:]>()?;
        let elem: syn::Path = input.parse()?;
        input.parse::<Token![=]>()?;
        let body = input.parse::<Body>();
        if body.is_err() {
            // Skip the rest so the parse itself succeeds and the stub is emitted.
            input.step(|cursor| {
                let mut rest = *cursor;
                while let Some((_, next)) = rest.token_tree() {
                    rest = next;
                }
                Ok(((), rest))
            })?;
        }
        Ok(ModelDef {
            attrs,
            vis,
            name,
            elem,
            body,
        })
    }
}

impl Parse for Body {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut statements = Vec::new();
        let mut weights = Vec::new();
        let mut outputs = Vec::new();
        while !input.is_empty() {
            if input.peek(Ident) && input.peek2(Token![=]) {
                let keyword: Ident = input.parse()?;
                if keyword == "outputs" {
                    input.parse::<Token![=]>()?;
                    let content;
                    let paren = syn::parenthesized!(content in input);
                    let names = content.parse_terminated(Ident::parse, Token![,])?;
                    outputs.push(OutputsDecl {
                        keyword,
                        names,
                        span: paren.span.join(),
                    });
                } else if keyword == "weights" {
                    input.parse::<Token![=]>()?;
                    let file: IncludeBytes = input.parse()?;
                    weights.push(WeightsDecl { keyword, file });
                } else {
                    return Err(syn::Error::new(
                        keyword.span(),
                        format_args!(
                            "unknown model setting `{keyword}`; the settings are `weights = include_bytes!(\"…\")` and `outputs = (a, b, …)`"
                        ),
                    ));
                }
            } else {
                statements.push(input.parse()?);
            }
            if input.is_empty() {
                break;
            }
            input.parse::<Token![;]>()?;
        }
        Ok(Body {
            statements,
            weights,
            outputs,
        })
    }
}

impl Parse for Statement {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let source: Source = input.parse()?;
        let mut layers = Vec::new();
        while input.peek(Token![->]) {
            input.parse::<Token![->]>()?;
            layers.push(input.parse()?);
        }
        let binding = if input.peek(Token![as]) {
            input.parse::<Token![as]>()?;
            Some(input.parse()?)
        } else {
            None
        };
        if !input.is_empty() && !input.peek(Token![;]) {
            return Err(
                input.error("expected `->` and a layer, `as name`, or `;` after this layer")
            );
        }
        Ok(Statement {
            source,
            layers,
            binding,
        })
    }
}

impl Parse for Source {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.peek(Ident) && input.peek2(syn::token::Bracket) {
            let fork = input.fork();
            let keyword: Ident = fork.parse()?;
            if keyword == "input" {
                let keyword: Ident = input.parse()?;
                let content;
                let bracket = bracketed!(content in input);
                let dims = content.parse_terminated(|p| p.parse::<LitInt>(), Token![,])?;
                let span = bracket.span.join();
                let streaming = if input.peek(Ident) {
                    let word: Ident = input.fork().parse()?;
                    if word != "streaming" {
                        // Anything else falls to the statement's "expected `->`".
                        if crate::check::suggest::closest(&word.to_string(), &["streaming"])
                            .is_some()
                        {
                            return Err(syn::Error::new(
                                word.span(),
                                format_args!(
                                    "unknown word `{word}` after `input[…]`; did you mean `streaming` (the model also runs frame by frame)?"
                                ),
                            ));
                        }
                        None
                    } else {
                        Some(input.parse()?)
                    }
                } else {
                    None
                };
                return Ok(Source::Input {
                    keyword,
                    dims,
                    span,
                    streaming,
                });
            }
        }
        if input.peek(Ident) && input.peek2(syn::token::Paren) {
            return Ok(Source::Call(input.parse()?));
        }
        let name: Ident = input.parse().map_err(|error| {
            syn::Error::new(
                error.span(),
                "expected the start of a chain: `input[d0, d1, …]`, a tensor named with `as`, or `add(a, b)`",
            )
        })?;
        Ok(Source::Tensor(name))
    }
}
