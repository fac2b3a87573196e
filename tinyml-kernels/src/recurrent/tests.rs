use super::*;

/// One unit, one feature: gates input 0.5, forget −0.25 (+1 bias, Keras'
/// `unit_forget_bias`), cell 1.0, output 0.75 on the input; 0.1, 0.2, −0.3,
/// 0.4 on the hidden state. The expected values are the formulas in f64.
const WEIGHTS: [f32; 8] = [0.5, -0.25, 1.0, 0.75, 0.1, 0.2, -0.3, 0.4];
const BIAS: [f32; 4] = [0.0, 1.0, 0.0, 0.0];
const INPUT: [f32; 2] = [1.0, -0.5];

fn close(got: &[f32], want: &[f64]) {
    for (&g, &w) in got.iter().zip(want) {
        assert!((f64::from(g) - w).abs() < 1e-6, "{got:?} vs {want:?}");
    }
}

#[test]
fn two_steps_by_hand() {
    let mut out = [0.0f32; 2];
    lstm::<f32, 2, 1, 1, 2, 2, 8, 4, 1>(&INPUT, &WEIGHTS, &BIAS, &mut out, &mut [7.0], 0.0);
    close(&out, &[0.299_840_411_928_519_5, 0.055_214_469_982_111_83]);
    let mut last = [0.0f32; 1];
    // Scratch left over from an earlier step does not matter.
    lstm::<f32, 2, 1, 1, 2, 1, 8, 4, 2>(&INPUT, &WEIGHTS, &BIAS, &mut last, &mut [7.0; 2], 0.0);
    assert_eq!(last[0], out[1]);
}

#[test]
fn the_clip_bounds_the_cell_state() {
    let mut out = [0.0f32; 2];
    lstm::<f32, 2, 1, 1, 2, 2, 8, 4, 1>(&INPUT, &WEIGHTS, &BIAS, &mut out, &mut [0.0], 0.25);
    close(&out, &[0.166_343_538_535_128_4, -0.013_083_477_205_263_143]);
}
