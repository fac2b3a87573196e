//! Layer calls (`conv2d(8, 3x3, stride = 2)`, `relu`, `reshape[4, 4]`) and
//! their arguments.

use proc_macro2::Span;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Ident, LitFloat, LitInt, LitStr, Token, bracketed, parenthesized};

/// One step of a chain, such as `conv2d(8, 3x3, padding = same)`.
pub(crate) struct LayerCall {
    pub(crate) name: Ident,
    /// `None` for a bare word such as `relu`.
    pub(crate) args: Option<(Delimiter, Punctuated<Arg, Token![,]>)>,
}

/// How a layer's arguments were enclosed.
#[derive(Clone, Copy)]
pub(crate) enum Delimiter {
    /// `( … )`: layer options.
    Paren(Span),
    /// `[ … ]`: a shape, as in `reshape[4, 4]`.
    Bracket(Span),
}

impl Delimiter {
    pub(crate) fn span(self) -> Span {
        match self {
            Delimiter::Paren(span) | Delimiter::Bracket(span) => span,
        }
    }
}

/// A positional (`8`, `3x3`) or named (`stride = 2`) argument.
pub(crate) enum Arg {
    Positional(Value),
    Named { name: Ident, value: Value },
}

/// An argument value. Sizes such as `3x3` arrive as one integer token with
/// the suffix `x3`, which is how Rust's lexer splits them.
pub(crate) enum Value {
    Int(LitInt),
    /// `0.2`, `1e-5`: `leaky_relu`'s `alpha`.
    Float(LitFloat),
    /// `-1`, `-0.5` and other negative numbers: always an error, but a
    /// precise one.
    Negative(Span),
    Ident(Ident),
    /// `true`, `false`: `lstm`'s `return_sequences`.
    Bool(syn::LitBool),
    Include(IncludeBytes),
    /// `constant[6]`: a constant operand of this shape, from the weights.
    Constant {
        keyword: Ident,
        dims: Punctuated<LitInt, Token![,]>,
        span: Span,
    },
    /// `[0, 2]`, `[13, _]`: one value per dimension (`slice`'s bounds,
    /// `transpose`'s order, `tile`'s multiples).
    List {
        items: Punctuated<Value, Token![,]>,
        span: Span,
    },
    /// `_`: in `slice`'s `end`, the dimension's end.
    Underscore(Span),
    /// Anything else, kept only to point an error at it.
    Other(Span),
}

/// `include_bytes!("path")`.
pub(crate) struct IncludeBytes {
    pub(crate) path: LitStr,
    pub(crate) span: Span,
}

impl Parse for LayerCall {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let name: Ident = input.parse()?;
        let args = if input.peek(syn::token::Paren) {
            let content;
            let paren = parenthesized!(content in input);
            let args = content.parse_terminated(Arg::parse, Token![,])?;
            Some((Delimiter::Paren(paren.span.join()), args))
        } else if input.peek(syn::token::Bracket) {
            let content;
            let bracket = bracketed!(content in input);
            let args = content.parse_terminated(Arg::parse, Token![,])?;
            Some((Delimiter::Bracket(bracket.span.join()), args))
        } else {
            None
        };
        Ok(LayerCall { name, args })
    }
}

impl Parse for Arg {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.peek(Ident) && input.peek2(Token![=]) && !input.peek2(Token![==]) {
            let name: Ident = input.parse()?;
            input.parse::<Token![=]>()?;
            let value: Value = input.parse()?;
            Ok(Arg::Named { name, value })
        } else {
            Ok(Arg::Positional(input.parse()?))
        }
    }
}

impl Parse for Value {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.peek(LitInt) {
            return Ok(Value::Int(input.parse()?));
        }
        if input.peek(LitFloat) {
            return Ok(Value::Float(input.parse()?));
        }
        if input.peek(Token![-]) && (input.peek2(LitInt) || input.peek2(LitFloat)) {
            let minus: Token![-] = input.parse()?;
            input.parse::<syn::Lit>()?;
            return Ok(Value::Negative(minus.span));
        }
        if input.peek(Ident) && input.peek2(Token![!]) {
            return Ok(Value::Include(input.parse()?));
        }
        if input.peek(Ident) && input.peek2(syn::token::Bracket) {
            let keyword: Ident = input.parse()?;
            let content;
            let bracket = bracketed!(content in input);
            let dims = content.parse_terminated(|p| p.parse::<LitInt>(), Token![,])?;
            return Ok(Value::Constant {
                keyword,
                dims,
                span: bracket.span.join(),
            });
        }
        if input.peek(syn::LitBool) {
            return Ok(Value::Bool(input.parse()?));
        }
        if input.peek(Ident) {
            return Ok(Value::Ident(input.parse()?));
        }
        if input.peek(syn::token::Bracket) {
            let content;
            let bracket = bracketed!(content in input);
            let items = content.parse_terminated(Value::parse, Token![,])?;
            return Ok(Value::List {
                items,
                span: bracket.span.join(),
            });
        }
        if input.peek(Token![_]) {
            let underscore: Token![_] = input.parse()?;
            return Ok(Value::Underscore(underscore.span));
        }
        // Swallow one token tree (a string, a float, a group…) so that
        // `check` can say what was expected instead of a generic parse error.
        let tree: proc_macro2::TokenTree = input.parse()?;
        Ok(Value::Other(tree.span()))
    }
}

impl Parse for IncludeBytes {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mac: syn::Macro = input.parse()?;
        let span = mac.span();
        if !mac.path.is_ident("include_bytes") {
            return Err(syn::Error::new(
                mac.path.span(),
                "expected `include_bytes!(\"file\")`: weights are read from a file of raw little-endian values",
            ));
        }
        let path: LitStr = mac.parse_body().map_err(|_| {
            syn::Error::new(
                mac.delimiter.span().join(),
                "`include_bytes!` takes one string literal: the path of the weight file",
            )
        })?;
        Ok(IncludeBytes { path, span })
    }
}
