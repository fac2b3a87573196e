// The project card's model, as written there.
use tinyml::tiny_model;

tiny_model! {
    /// Keyword spotting, the card's sketch.
    pub Kws: f32 = input[49, 10, 1] -> conv2d(8, 3x3) -> relu -> dense(4);
    weights = include_bytes!("../weights_data/card.bin");
}

static TEMPLATE: Kws = Kws::new();

fn main() {
    let mut model = Kws::new();
    let input = [0.5f32; Kws::INPUT_LEN];
    let output: &[f32; 4] = model.predict(&input);
    assert!(output.iter().all(|x| x.is_finite()));
    assert_eq!(Kws::INPUT_SHAPE, [49, 10, 1]);
    assert_eq!(Kws::OUTPUT_SHAPE, [4]);
    assert_eq!(Kws::PARAMS, 8 * 9 + 8 + 4 * 3008 + 4);
    assert_eq!(Kws::MACS, 47 * 8 * 8 * 9 + 3008 * 4);
    // Largest live pair: conv2d reads the caller's input, so dense's
    // 3008 inputs + 4 outputs.
    assert_eq!(Kws::RAM_BYTES, (3008 + 4) * 4);
    let _ = &TEMPLATE;
}
