// One mistake in a model with two inputs and two outputs (a bias file of the
// wrong length) and user code that uses every item the macro generates for
// it: only the model's error is reported.
tinyml::tiny_model! {
    pub Net: f32 = input[4] as left;
    input[4] as right;
    add(left, right)
        -> dense(
            2,
            weights = include_bytes!("../weights_data/dense_2x4.bin"),
            bias = include_bytes!("../weights_data/bias_3.bin"),
        ) as score;
    right -> relu as clipped;
    outputs = (score, clipped);
}

fn main() {
    let shapes: ([usize; 1], [usize; 1], [usize; 1], [usize; 1]) =
        (Net::LEFT_SHAPE, Net::RIGHT_SHAPE, Net::SCORE_SHAPE, Net::CLIPPED_SHAPE);
    let lens: [usize; 4] = [Net::LEFT_LEN, Net::RIGHT_LEN, Net::SCORE_LEN, Net::CLIPPED_LEN];
    let counts: [usize; 3] = [Net::PARAMS, Net::MACS, Net::RAM_BYTES];
    let mut net: Net = Default::default();
    let out: NetOutputs<'_> = net.predict(&[0.5; 4], &[1.0; 4]);
    let (score, clipped): (&[f32; 2], &[f32; 4]) = (out.score, out.clipped);
    let _ = (shapes, lens, counts, score, clipped);
    let mut seen = 0;
    let out = net.predict_observed(&[0.5; 4], &[1.0; 4], |index: usize, layer: &'static str| {
        seen += index + layer.len();
    });
    let _ = (out.score[0], seen);
}
