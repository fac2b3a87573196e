//! Unit tests of `lib.rs` itself.

use crate::is_valid_type_name;

#[test]
fn type_names_follow_rust_identifiers() {
    // Non-ASCII XID identifiers are Rust identifiers (issue 14: `Ñet`).
    for good in ["Kws", "_Model2", "Ñet", "Сеть", "Modèle", "Net_ñ", "ネット"] {
        assert!(is_valid_type_name(good), "{good}");
    }
    // Keywords of every edition, `_`, and what is not XID.
    for bad in [
        "",
        "_",
        "2Kws",
        "my-model",
        "a b",
        "fn",
        "Self",
        "gen",
        "try",
        "dyn",
        "Net€",
        "€Net",
        "\u{301}Net",
    ] {
        assert!(!is_valid_type_name(bad), "{bad}");
    }
}
