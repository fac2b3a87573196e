//! The project's own int8 model, `examples/digits/digits_int8.tflite`
//! (conv, depthwise, max pool, 1x1 conv, per-channel dense, softmax), run
//! by the runtime-shaped TFLM reference on all 360 held-out images and
//! compared byte for byte with the outputs of the `tflite-micro` Python
//! interpreter that `tools/train_digits.py` saved beside it.

mod common;

use std::path::Path;

use common::{FcRounding, read, read_i8, run_model};
use tinyml_cli::tflite::Model;

#[test]
fn digits_int8_matches_tflite_micro() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/digits");
    let tflite = read(&dir.join("digits_int8.tflite"));
    let model = Model::parse(&tflite).expect("the model parses");
    let images = read_i8(&dir.join("test_images_int8.bin"));
    let expected = read_i8(&dir.join("tflm_int8_outputs.bin"));
    let (image_len, classes) = (64, 10);
    assert_eq!(images.len() / image_len, expected.len() / classes);
    let mut matched = 0;
    for (image, want) in images
        .chunks_exact(image_len)
        .zip(expected.chunks_exact(classes))
    {
        let got = run_model(&model, image.to_vec(), FcRounding::Tflm);
        if got == want {
            matched += 1;
        }
    }
    let total = images.len() / image_len;
    println!("digits int8: {matched}/{total} images bit-exact with tflite-micro");
    assert_eq!(matched, total);
}
