// Several inputs and outputs: each input in a chain of its own
// (`input[…] as name;`), `predict` takes them in that order and returns one
// reference per output, a struct `<Name>Outputs` when `outputs = (…)` lists
// several.
use tinyml::tiny_model;

tiny_model! {
    /// Two sensors in, a feature vector and its positive part out.
    pub Fusion: f32 = input[2, 2] as accel;
    input[3] as gyro;
    accel -> flatten -> relu6 as a;
    gyro -> relu as g;
    concat(a, g) as features;
    features -> relu as positive;
    outputs = (features, positive);
}

tiny_model! {
    /// Two inputs, one output: `predict` returns the array itself.
    pub Difference: f32 = input[3] as left;
    input[3] as right;
    sub(left, right);
}

fn main() {
    assert_eq!((Fusion::ACCEL_SHAPE, Fusion::ACCEL_LEN), ([2, 2], 4));
    assert_eq!((Fusion::GYRO_SHAPE, Fusion::GYRO_LEN), ([3], 3));
    assert_eq!((Fusion::FEATURES_SHAPE, Fusion::POSITIVE_LEN), ([7], 7));
    let mut fusion = Fusion::new();
    let out: FusionOutputs<'_> = fusion.predict(&[-1.0, 7.0, 2.0, 0.5], &[-3.0, 4.0, 0.0]);
    assert_eq!(out.features, &[0.0, 6.0, 2.0, 0.5, 0.0, 4.0, 0.0]);
    assert_eq!(out.positive, out.features);

    let mut difference = Difference::new();
    let out: &[f32; 3] = difference.predict(&[1.0, 2.0, 3.0], &[0.5, 0.5, 4.0]);
    assert_eq!(out, &[0.5, 1.5, -1.0]);
    assert_eq!(Difference::OUTPUT_LEN, 3);
}
