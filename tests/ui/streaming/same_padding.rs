// `padding = same` looks past the newest frame at the window's end: a
// streaming model refuses it on the layer (and the stub has `step` and
// `reset`, so their uses add no errors).
tinyml::tiny_model! {
    pub Gesture: f32 = input[8, 1] streaming
        -> conv1d(
            2, 3, padding = same,
            weights = include_bytes!("../weights_data/conv1d_2x3x1.bin"),
            bias = include_bytes!("../weights_data/zeros_2.bin"),
        )
        -> global_avg_pool;
}

fn main() {
    let mut model = Gesture::new();
    model.reset();
    let _ = model.step(&[0.0; Gesture::FRAME_LEN]);
}
