//! `tinyml`: import and inspect `.tflite` models.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use tinyml_cli::{Error, inspect, tflite};

const USAGE: &str = "\
usage:
  tinyml inspect <model.tflite>
  tinyml import <model.tflite> --name <TypeName> --out <dir> [--stream]
  tinyml --help | --version";

const HELP: &str = "\
tinyml: turn a TensorFlow Lite model into `tiny_model!` source.

commands:
  inspect <model.tflite>
      Print the model's operators in execution order: shapes, options,
      parameters, MACs and quantization, then the totals and the activation
      RAM the generated model would need. Works on int8 and float models.

  import <model.tflite> --name <TypeName> --out <dir> [--stream]
      Write <dir>/mod.rs (a `tiny_model!` declaring the public type
      <TypeName>) and its weights: <dir>/weights.bin for a float32 model,
      <dir>/weights.tmw for an int8 one (int8 or float input and output;
      the generated type has `predict` on int8 and `predict_f32` on float).
      Use it as `mod <dir>;` and `<TypeName>::new()`. Nothing is written if
      the model cannot be imported. Existing files of those names in <dir>
      are replaced. --stream declares the input `streaming`: the type also
      has `step(frame)` and `reset()` to run it frame by frame (for models
      of Conv1D and pooling layers with padding=\"valid\" over [steps, channels]).

options:
  -h, --help     Print this help
  -V, --version  Print the version

exit status: 0 on success (also when stdout is closed early, as by `| head`),
1 if the model cannot be read or imported (or the output cannot be written),
2 on a usage error.";

/// Why the command failed.
enum Failure {
    /// Bad arguments: exit 2.
    Usage(String),
    /// The model, the output directory or stdout: exit 1.
    Model(Error),
    /// Stdout was closed early (`tinyml inspect m.tflite | head -1`): exit 0
    /// quietly, as a filter would.
    StdoutClosed,
}

impl From<lexopt::Error> for Failure {
    fn from(e: lexopt::Error) -> Self {
        Failure::Usage(e.to_string())
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Model(e)
    }
}

fn main() -> ExitCode {
    match run(std::env::args_os().skip(1).collect()) {
        Ok(()) | Err(Failure::StdoutClosed) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Model(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn run(args: Vec<OsString>) -> Result<(), Failure> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let command = match parser.next()? {
        Some(Long("help") | Short('h')) => {
            return print(&format!("{HELP}\n"));
        }
        Some(Long("version") | Short('V')) => {
            return print(&format!("tinyml {}\n", env!("CARGO_PKG_VERSION")));
        }
        Some(Value(cmd)) => cmd.string()?,
        Some(other) => return Err(other.unexpected().into()),
        None => return Err(Failure::Usage("no command given".into())),
    };
    match command.as_str() {
        "inspect" => {
            let mut model: Option<PathBuf> = None;
            while let Some(arg) = parser.next()? {
                match arg {
                    Long("help") | Short('h') => {
                        return print(&format!("{HELP}\n"));
                    }
                    Value(v) if model.is_none() => model = Some(v.into()),
                    other => return Err(other.unexpected().into()),
                }
            }
            let model =
                model.ok_or_else(|| Failure::Usage("inspect: missing <model.tflite>".into()))?;
            if model.as_os_str().is_empty() {
                return Err(Failure::Usage("inspect: the model path is empty".into()));
            }
            inspect_cmd(&model)
        }
        "import" => {
            let (mut model, mut name, mut out): (Option<PathBuf>, Option<String>, Option<PathBuf>) =
                (None, None, None);
            let mut streaming = false;
            while let Some(arg) = parser.next()? {
                match arg {
                    Long("help") | Short('h') => {
                        return print(&format!("{HELP}\n"));
                    }
                    Long("name") => name = Some(parser.value()?.string()?),
                    Long("out") | Short('o') => out = Some(parser.value()?.into()),
                    Long("stream") => streaming = true,
                    Value(v) if model.is_none() => model = Some(v.into()),
                    other => return Err(other.unexpected().into()),
                }
            }
            let model =
                model.ok_or_else(|| Failure::Usage("import: missing <model.tflite>".into()))?;
            let name =
                name.ok_or_else(|| Failure::Usage("import: missing --name <TypeName>".into()))?;
            let out = out.ok_or_else(|| Failure::Usage("import: missing --out <dir>".into()))?;
            if model.as_os_str().is_empty() {
                return Err(Failure::Usage("import: the model path is empty".into()));
            }
            if out.as_os_str().is_empty() {
                return Err(Failure::Usage(
                    "import: --out is empty; give the directory to write, such as `--out src/net`"
                        .into(),
                ));
            }
            if !tinyml_cli::is_valid_type_name(&name) {
                return Err(Failure::Usage(format!(
                    "import: --name `{name}` is not a Rust identifier, or is a keyword (use a type name such as `Kws`)"
                )));
            }
            import_cmd(&model, &name, &out, streaming)
        }
        other => Err(Failure::Usage(format!("unknown command `{other}`"))),
    }
}

fn read_model(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|e| Error::new(format!("cannot read {}: {e}", path.display())))
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn inspect_cmd(path: &Path) -> Result<(), Failure> {
    let bytes = read_model(path)?;
    let model =
        tflite::Model::parse(&bytes).map_err(|e| Error::new(format!("{}: {e}", path.display())))?;
    print(&inspect::report(&model, &file_name(path)))
}

fn import_cmd(path: &Path, name: &str, out: &Path, streaming: bool) -> Result<(), Failure> {
    let bytes = read_model(path)?;
    let imported = tinyml_cli::import_with(&bytes, &file_name(path), name, streaming)
        .map_err(|e| Error::new(format!("{}: {e}", path.display())))?;
    tinyml_cli::write_output(out, &imported)?;
    for note in &imported.notes {
        eprintln!("note: {note}");
    }
    print(&format!(
        "wrote {} ({} {} layers) and {} ({} parameters, {} bytes)\n",
        out.join("mod.rs").display(),
        imported.layers,
        imported.element.rust_type(),
        out.join(imported.weights_file).display(),
        inspect::thousands(imported.parameters as u64),
        inspect::thousands(imported.weights.len() as u64),
    ))
}

/// Writes `text` to stdout. `print!` would panic when the reader has gone
/// (a broken pipe); that is [`Failure::StdoutClosed`] instead, and any other
/// write error a plain error.
fn print(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::BrokenPipe => Failure::StdoutClosed,
            _ => Failure::Model(Error::new(format!("cannot write to stdout: {e}"))),
        })
}
