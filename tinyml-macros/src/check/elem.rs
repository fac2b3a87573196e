//! The element type in the header: `f32` or a `fixed` type such as `I16F16`.

use syn::spanned::Spanned;

use crate::ctxt::Ctxt;
use crate::ir::Elem;

/// Resolves the written type by its last path segment, so `I16F16`,
/// `fixed::types::I16F16` and `tinyml::fixed::types::I16F16` all work.
pub(crate) fn resolve(path: &syn::Path, cx: &Ctxt) -> Option<Elem> {
    let Some(last) = path.segments.last() else {
        cx.error(
            path.span(),
            "expected an element type such as `f32` or `I16F16`",
        );
        return None;
    };
    let name = last.ident.to_string();
    if name == "f32" {
        return Some(Elem::F32);
    }
    if name == "i8" {
        return Some(Elem::Int8);
    }
    if let Some(elem) = parse_fixed(&name) {
        return Some(elem);
    }
    let message = match name.as_str() {
        "u8" => "`u8` models (TFLite's legacy uint8 quantization) are not supported; re-export the model with int8 quantization and use `i8`".to_owned(),
        "f64" | "f16" | "bf16" => format!(
            "unsupported element type `{name}`: kernels run in `f32` (or fixed point); use `f32`"
        ),
        _ => format!(
            "unsupported element type `{name}`: expected `f32`, `i8` (quantized) or a signed fixed-point type of the `fixed` crate such as `I16F16`, `I8F8` or `I4F4`"
        ),
    };
    cx.error(path.span(), message);
    None
}

/// `I{int}F{frac}` with int + frac ∈ {8, 16, 32} and int ≥ 1 (sign bit).
fn parse_fixed(name: &str) -> Option<Elem> {
    let rest = name.strip_prefix('I')?;
    let (int, frac) = rest.split_once('F')?;
    let (int, frac): (u32, u32) = (int.parse().ok()?, frac.parse().ok()?);
    let bits = int + frac;
    matches!(bits, 8 | 16 | 32).then_some(Elem::Fixed { bits, frac })
}

#[cfg(test)]
mod tests {
    use super::parse_fixed;
    use crate::ir::Elem;

    #[test]
    fn reads_fixed_names() {
        assert_eq!(
            parse_fixed("I16F16"),
            Some(Elem::Fixed { bits: 32, frac: 16 })
        );
        assert_eq!(parse_fixed("I8F8"), Some(Elem::Fixed { bits: 16, frac: 8 }));
        assert_eq!(
            parse_fixed("I0F16"),
            Some(Elem::Fixed { bits: 16, frac: 16 })
        );
        assert_eq!(parse_fixed("I8F4"), None);
        assert_eq!(parse_fixed("U8F8"), None);
    }
}
