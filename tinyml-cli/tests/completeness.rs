//! Every layer of the spec's table is complete: it has its section in the
//! DSL reference, a use in the `tests/ui/pass` suite, a `.tmw` round trip
//! (if `i8` models keep a record of it) and an importer mapping or an
//! explicit "not importable" with its reason. The macro and the importer
//! already fail to compile without their part (their dispatches are
//! generated from the same table); this covers the parts a compiler
//! cannot see.

use std::path::Path;

use tinyml_cli::mapping::{Importable, imported_from};
use tinyml_format::{Activation, Params, Quant, WeightsFile};
use tinyml_spec::Kind;

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the CLI crate is in the workspace")
}

/// The DSL reference and the sources of the passing UI cases.
struct Sources {
    reference: String,
    passing: Vec<(String, String)>,
}

impl Sources {
    fn read() -> Self {
        let root = workspace();
        let reference = std::fs::read_to_string(root.join("tinyml/src/docs/dsl.md"))
            .expect("the DSL reference");
        let mut passing = Vec::new();
        for entry in std::fs::read_dir(root.join("tests/ui/pass")).expect("tests/ui/pass") {
            let path = entry.expect("a directory entry").path();
            if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("a UI case");
                passing.push((path.display().to_string(), text));
            }
        }
        Sources { reference, passing }
    }

    /// What layer `name` lacks (with `has_record`/`importable` for the parts
    /// checked elsewhere).
    fn missing(&self, name: &str) -> Vec<&'static str> {
        let mut missing = Vec::new();
        let quoted = format!("`{name}`");
        let documented = self
            .reference
            .lines()
            .any(|line| line.starts_with("## ") && line.contains(&quoted));
        if !documented {
            missing.push("a `## ` section of tinyml/src/docs/dsl.md that names it");
        }
        let used = self.passing.iter().any(|(_, text)| uses_layer(text, name));
        if !used {
            missing.push("a use in tests/ui/pass");
        }
        missing
    }
}

/// Whether `text` uses `name` as a layer: after `->`, or as a combining
/// chain head `name(`.
fn uses_layer(text: &str, name: &str) -> bool {
    let word_end = |rest: &str| !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_');
    text.match_indices(name).any(|(at, _)| {
        let (before, after) = (&text[..at], &text[at + name.len()..]);
        let head = after.starts_with('(') && before.ends_with(char::is_whitespace);
        word_end(after) && (before.trim_end().ends_with("->") || head)
    })
}

/// Encodes and decodes a file with one record of `kind`.
fn round_trips(kind: Kind) -> bool {
    let q = Quant {
        scale: 0.5,
        zero_point: -3,
    };
    let params = kind.params().map(|axis| {
        let mut dims = vec![2u32, 1, 1, 3];
        dims[axis] = 2;
        let channels = dims[axis] as usize;
        Params {
            weights: (0..dims.iter().product::<u32>())
                .map(|i| i as i8 - 5)
                .collect(),
            dims,
            scales: vec![0.25; channels],
            zero_point: 0,
            bias: vec![7; channels],
        }
    });
    let file = WeightsFile {
        inputs: vec![q],
        outputs: vec![q],
        layers: vec![tinyml_format::Layer {
            kind,
            activation: Activation::None,
            output: q,
            params,
        }],
    };
    WeightsFile::decode(&file.encode()).as_ref() == Ok(&file)
}

#[test]
fn every_layer_is_complete() {
    let sources = Sources::read();
    let mut problems = Vec::new();
    for &kind in Kind::ALL {
        let name = kind.name();
        for part in sources.missing(name) {
            problems.push(format!("`{name}` lacks {part}"));
        }
        if kind.record().is_some() && !round_trips(kind) {
            problems.push(format!("`{name}` does not round-trip through a .tmw file"));
        }
        match imported_from(kind) {
            Importable::From([]) => {
                problems.push(format!("`{name}` is imported from no TFLite operator"))
            }
            Importable::No("") => {
                problems.push(format!("`{name}` is not importable, but says not why"))
            }
            _ => {}
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The check fails for a half-registered layer: one named in neither the
/// reference nor the UI suite.
#[test]
fn a_half_registered_layer_is_reported() {
    let sources = Sources::read();
    assert_eq!(
        sources.missing("conv3d"),
        [
            "a `## ` section of tinyml/src/docs/dsl.md that names it",
            "a use in tests/ui/pass"
        ]
    );
    assert!(sources.missing("conv2d").is_empty());
    assert!(uses_layer("    add(a, b) -> relu;", "add"));
    assert!(!uses_layer("-> conv2dx(4, 3x3)", "conv2d"));
}
