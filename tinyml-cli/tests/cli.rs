//! The command line: help, usage errors (exit 2) and model errors (exit 1).

mod common;

use std::ffi::OsStr;

use common::{TempDir, tinyml};

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    let out = tinyml(&args);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn help_and_version() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["import", "--help"],
        &["inspect", "-h"],
    ] {
        let (code, stdout, _) = run(args);
        assert_eq!(code, Some(0), "{args:?}");
        assert!(
            stdout.contains("tinyml import <model.tflite> --name <TypeName> --out <dir>")
                || stdout.contains("import <model.tflite> --name <TypeName> --out <dir>"),
            "{stdout}"
        );
    }
    let (code, stdout, _) = run(&["--version"]);
    assert_eq!(code, Some(0));
    assert!(stdout.starts_with("tinyml 0."), "{stdout}");
}

#[test]
fn usage_errors_exit_2() {
    let cases: [(&[&str], &str); 8] = [
        (&[], "no command given"),
        (&["frobnicate"], "unknown command `frobnicate`"),
        (&["inspect"], "inspect: missing <model.tflite>"),
        (&["inspect", "a.tflite", "b.tflite"], "unexpected argument"),
        (&["import", "m.tflite", "--out", "x"], "missing --name"),
        (&["import", "m.tflite", "--name", "Kws"], "missing --out"),
        (
            &["import", "m.tflite", "--name", "my-model", "--out", "x"],
            "not a Rust identifier, or is a keyword",
        ),
        (&["import", "m.tflite", "--name"], "missing argument"),
    ];
    for (args, message) in cases {
        let (code, _, stderr) = run(args);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert!(stderr.contains("usage:"), "{args:?}: {stderr}");
    }
}

#[test]
fn model_errors_exit_1_and_write_nothing() {
    let tmp = TempDir::new("cli");
    let missing = tmp.path().join("missing.tflite");
    let garbage = tmp.path().join("garbage.tflite");
    std::fs::write(&garbage, b"this is not a flatbuffer at all").expect("write");
    let out = tmp.path().join("out");
    for model in [&missing, &garbage] {
        let model = model.to_str().expect("utf-8 temp path");
        let (code, _, stderr) = run(&["inspect", model]);
        assert_eq!(code, Some(1), "{stderr}");
        assert!(stderr.starts_with("error: "), "{stderr}");
        let (code, _, stderr) = run(&[
            "import",
            model,
            "--name",
            "M",
            "--out",
            out.to_str().expect("utf-8"),
        ]);
        assert_eq!(code, Some(1), "{stderr}");
        assert!(!out.exists());
    }
    let (_, _, stderr) = run(&["inspect", garbage.to_str().expect("utf-8")]);
    assert!(stderr.contains("not a TFLite model"), "{stderr}");
}

/// The digits models in `examples/digits`.
fn digits(file: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/digits")
        .join(file);
    path.to_str().expect("utf-8 path").to_owned()
}

/// Runs `tinyml` with stdout a pipe whose read end is already closed, so the
/// first write fails with a broken pipe, as under `tinyml inspect m | head -1`
/// once `head` has exited.
fn run_with_stdout_closed(args: &[&str]) -> (Option<i32>, String) {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tinyml"))
        .args(args)
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .expect("run tinyml");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn closed_stdout_exits_0_quietly() {
    let tmp = TempDir::new("pipe");
    let out = tmp.path().join("net");
    let (f32_model, int8_model) = (digits("digits_f32.tflite"), digits("digits_int8.tflite"));
    let out_dir = out.to_str().expect("utf-8");
    let cases: [&[&str]; 5] = [
        &["inspect", &f32_model],
        &["inspect", &int8_model],
        &["import", &int8_model, "--name", "Net", "--out", out_dir],
        &["--help"],
        &["--version"],
    ];
    for args in cases {
        let (code, stderr) = run_with_stdout_closed(args);
        assert_eq!((code, stderr.as_str()), (Some(0), ""), "{args:?}");
    }
    // The import happened; only its "wrote …" line was lost.
    assert!(out.join("mod.rs").is_file() && out.join("weights.tmw").is_file());
}

#[test]
fn empty_paths_are_usage_errors() {
    let tmp = TempDir::new("empty");
    let model = digits("digits_f32.tflite");
    let cases: [(&[&str], &str); 3] = [
        (
            &["import", &model, "--name", "Net", "--out", ""],
            "import: --out is empty; give the directory to write, such as `--out src/net`",
        ),
        (
            &["import", "", "--name", "Net", "--out", "x"],
            "import: the model path is empty",
        ),
        (&["inspect", ""], "inspect: the model path is empty"),
    ];
    for (args, message) in cases {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_tinyml"))
            .args(args)
            .current_dir(tmp.path())
            .output()
            .expect("run tinyml");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.starts_with(&format!("error: {message}\n\nusage:\n")),
            "{args:?}: {stderr}"
        );
    }
    assert_eq!(std::fs::read_dir(tmp.path()).expect("ls").count(), 0);
}

#[test]
fn type_names_are_rust_identifiers() {
    let tmp = TempDir::new("names");
    let model = digits("digits_f32.tflite");
    let out = tmp.path().join("net");
    let out_dir = out.to_str().expect("utf-8");
    let (code, stdout, stderr) = run(&["import", &model, "--name", "Ñet", "--out", out_dir]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.starts_with("wrote "), "{stdout}");
    let source = std::fs::read_to_string(out.join("mod.rs")).expect("mod.rs");
    assert!(
        source.contains("    pub Ñet: f32 = input[8, 8, 1]"),
        "{source}"
    );
    for name in ["fn", "gen", "_", "Net€", "2Net"] {
        let (code, _, stderr) = run(&["import", &model, "--name", name, "--out", out_dir]);
        assert_eq!(code, Some(2), "{name}: {stderr}");
        assert!(
            stderr.starts_with(&format!(
                "error: import: --name `{name}` is not a Rust identifier, or is a keyword (use a type name such as `Kws`)\n\nusage:\n"
            )),
            "{name}: {stderr}"
        );
    }
}

#[test]
fn non_finite_weights_are_an_error_and_nothing_is_written() {
    let tmp = TempDir::new("nan");
    let mut bytes = std::fs::read(digits("digits_f32.tflite")).expect("digits_f32.tflite");
    // A NaN in the filter of the second CONV_2D (operator 3), at index 17.
    let offset = {
        let model = tinyml_cli::tflite::Model::parse(&bytes).expect("parses");
        let filter = model.operators[3].input(1).expect("a filter");
        let data = model.tensors[filter].data.expect("a constant");
        let at = bytes.windows(data.len()).position(|w| w == data);
        at.expect("the filter's bytes are in the file") + 17 * 4
    };
    bytes[offset..offset + 4].copy_from_slice(&f32::NAN.to_le_bytes());
    let model = tmp.path().join("nan.tflite");
    std::fs::write(&model, &bytes).expect("write");
    let model = model.to_str().expect("utf-8 temp path");
    let expected = format!(
        "error: {model}: CONV_2D (operator 3): the filter (tensor 4 `digits_1/conv2d_1x1_1/convolution`) has a \
         non-finite value (NaN) at index 17; `tinyml import` needs finite weights\n"
    );

    // A new directory is not created…
    let out = tmp.path().join("net");
    let out_dir = out.to_str().expect("utf-8");
    let (code, stdout, stderr) = run(&["import", model, "--name", "Net", "--out", out_dir]);
    assert_eq!((code, stdout.as_str()), (Some(1), ""), "{stderr}");
    assert_eq!(stderr, expected);
    assert!(!out.exists());

    // … and an existing one keeps what it had.
    std::fs::create_dir(&out).expect("mkdir");
    std::fs::write(out.join("mod.rs"), "// before").expect("write");
    let (code, _, stderr) = run(&["import", model, "--name", "Net", "--out", out_dir]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(stderr, expected);
    let left: Vec<_> = std::fs::read_dir(&out)
        .expect("ls")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(left, ["mod.rs"]);
    assert_eq!(
        std::fs::read_to_string(out.join("mod.rs")).expect("mod.rs"),
        "// before"
    );
}

#[test]
fn stream_declares_the_input_streaming() {
    let tmp = TempDir::new("stream");
    let model = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/gestures/gestures_int8.tflite"
    );
    let out = tmp.path().join("gestures");
    let out_dir = out.to_str().expect("utf-8");
    let args = [
        "import", model, "--name", "Gestures", "--out", out_dir, "--stream",
    ];
    let (code, _, stderr) = run(&args);
    assert_eq!(code, Some(0), "{stderr}");
    let source = std::fs::read_to_string(out.join("mod.rs")).expect("mod.rs");
    assert!(
        source.starts_with(
            "// Generated by `tinyml import gestures_int8.tflite --name Gestures --stream` (tinyml"
        ),
        "{source}"
    );
    assert!(
        source.contains("\n    pub Gestures: i8 = input[40, 3] streaming\n"),
        "{source}"
    );
    // The committed example is that import.
    let committed = include_str!("../../examples/gestures/int8/mod.rs");
    assert_eq!(source, committed);
}
