//! Compile-time behaviour of `tiny_model!`: every `tests/ui/pass/*.rs` must
//! compile, and every other `tests/ui/<category>/*.rs` must fail with exactly
//! the errors pinned in its `.stderr` (regenerate with `TRYBUILD=overwrite`).

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("../tests/ui/pass/*.rs");
    for category in [
        "syntax",
        "layers",
        "arguments",
        "shapes",
        "weights",
        "types",
        "graph",
        "streaming",
    ] {
        t.compile_fail(format!("../tests/ui/{category}/*.rs"));
    }
}
