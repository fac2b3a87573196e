// The 1-D pools and `global_avg_pool` over the steps in an i8 model: TFLM's
// MAX_POOL_2D and AVERAGE_POOL_2D (rounding half away from zero) on a
// one-row image.
tinyml::tiny_model! {
    pub Pools: i8 = input[4, 2] -> max_pool1d(2, stride = 1) -> global_avg_pool;
    weights = include_bytes!("../weights_data/pools1d.tmw");
}

fn main() {
    // Steps [1, 3], [2, 5], [4, -7], [0, 1]; pairs' maxima [2, 5], [4, 5],
    // [4, 1]; their means 10/3 → 3 and 11/3 → 4.
    let mut model = Pools::new();
    assert_eq!(model.predict(&[1, 3, 2, 5, 4, -7, 0, 1]), &[3, 4]);
    assert_eq!(Pools::OUTPUT_SHAPE, [2]);
}
