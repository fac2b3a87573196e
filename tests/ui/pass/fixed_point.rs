// A fixed-point model reads the same f32 weight files.
use tinyml::fixed::types::I8F8;
use tinyml::tiny_model;

tiny_model! {
    pub Small: I8F8 = input[4]
        -> dense(
            2,
            weights = include_bytes!("../weights_data/dense_2x4.bin"),
            bias = include_bytes!("../weights_data/bias_2.bin"),
        ) -> relu;
}

tiny_model! {
    pub SmallF32: f32 = input[4]
        -> dense(
            2,
            weights = include_bytes!("../weights_data/dense_2x4.bin"),
            bias = include_bytes!("../weights_data/bias_2.bin"),
        ) -> relu;
}

fn main() {
    let input = [0.5, -0.25, 1.0, 0.75];
    let fixed_input = input.map(I8F8::from_num);
    let fixed = *Small::new().predict(&fixed_input);
    let float = *SmallF32::new().predict(&input);
    for (q, f) in fixed.iter().zip(float) {
        // Weights round to 1/256 and so does the result.
        assert!((q.to_num::<f32>() - f).abs() < 4.0 / 256.0, "{q} vs {f}");
    }
    assert_eq!(Small::RAM_BYTES, 2 * 2);
}
