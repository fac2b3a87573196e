//! `tinyml`: import and inspect `.tflite` models.
fn main() {
    eprintln!("tinyml: no commands yet");
    std::process::exit(2);
}
