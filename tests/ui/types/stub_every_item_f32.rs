// One mistake in an f32 model (a bias file of the wrong length) and user code
// that uses every item the macro generates: only the model's error is reported.
tinyml::tiny_model! {
    /// A conv layer with a wrong bias file.
    pub Net: f32 = input[8, 8, 2]
        -> conv2d(
            4, 3x3,
            weights = include_bytes!("../weights_data/conv_4x3x3x2.bin"),
            bias = include_bytes!("../weights_data/bias_8.bin"),
        )
        -> relu
        -> flatten;
}

static MODEL: Net = Net::new();

fn main() {
    let input_shape: [usize; 3] = Net::INPUT_SHAPE;
    let output_shape: [usize; 1] = Net::OUTPUT_SHAPE;
    let counts: [usize; 5] = [Net::INPUT_LEN, Net::OUTPUT_LEN, Net::PARAMS, Net::MACS, Net::RAM_BYTES];
    let mut net: Net = Default::default();
    let input = [0.5; Net::INPUT_LEN];
    let out: &[f32; Net::OUTPUT_LEN] = net.predict(&input);
    let first: f32 = out[0];
    let mut seen = 0;
    let out: &[f32; 144] = net.predict_observed(&[0.5; 128], |index: usize, layer: &'static str| {
        seen += index + layer.len();
    });
    let _ = (&MODEL, input_shape, output_shape, counts, first, out, seen);
}
