// Element-wise layers: a constant operand in a chain (a Keras
// `Normalization`: `sub` then `mul` per feature), two tensors with
// broadcasting, `maximum`/`minimum`, and `concat`.
use tinyml::fixed::types::I16F16;
use tinyml::tiny_model;

tiny_model! {
    pub Normalize: f32 = input[2, 2]
        -> sub(constant[2], weights = include_bytes!("../weights_data/bias_2.bin"))
        -> mul(constant[2], weights = include_bytes!("../weights_data/bias_2.bin"));
}

tiny_model! {
    pub Branches: f32 = input[2, 3] as x;
    x -> maximum(constant[3], weights = include_bytes!("../weights_data/bias_3.bin")) as hi;
    x -> minimum(constant[1, 3], weights = include_bytes!("../weights_data/bias_3.bin")) as lo;
    sub(hi, lo) as spread;
    x -> add(constant[2, 1], weights = include_bytes!("../weights_data/bias_2.bin")) as shifted;
    mul(shifted, spread) -> relu as product;
    concat(product, x, axis = 0) as rows;
    concat(rows, rows);
}

tiny_model! {
    pub Scaled: I16F16 = input[2, 2]
        -> mul(constant[2, 1], weights = include_bytes!("../weights_data/bias_2.bin"))
        -> add(constant[2], weights = include_bytes!("../weights_data/bias_2.bin"));
}

fn main() {
    let (b2, b3) = (
        [0.027740156f32, -0.64851737],
        [-0.9445312f32, 0.3926571, -0.37502259],
    );
    let input = [1.0f32, -2.0, 0.5, 3.0];
    let mut normalize = Normalize::new();
    let out = normalize.predict(&input);
    for i in 0..4 {
        assert_eq!(out[i], (input[i] - b2[i % 2]) * b2[i % 2]);
    }
    assert_eq!(Normalize::PARAMS, 4);

    let x: [f32; 6] = [0.5, -1.0, 2.0, -0.25, 0.0, 1.5];
    let out = *Branches::new().predict(&x);
    assert_eq!(Branches::OUTPUT_SHAPE, [4, 6]);
    let mut rows = [0.0f32; 12];
    for i in 0..6 {
        let hi = if b3[i % 3] > x[i] { b3[i % 3] } else { x[i] };
        let lo = if b3[i % 3] < x[i] { b3[i % 3] } else { x[i] };
        let product = ((x[i] + b2[i / 3]) * (hi - lo)).max(0.0);
        rows[i] = product;
        rows[6 + i] = x[i];
    }
    // `rows` is [4, 3] (product over x); each output row is it twice.
    for r in 0..4 {
        for c in 0..6 {
            assert_eq!(out[r * 6 + c], rows[r * 3 + c % 3], "row {r} column {c}");
        }
    }

    let q = I16F16::from_num::<f32>;
    let mut scaled = Scaled::new();
    let input = [q(2.0), q(-1.0), q(0.5), q(4.0)];
    let out = scaled.predict(&input);
    let b = [q(b2[0]), q(b2[1])];
    // Row r is scaled by b[r] (the product rounded to nearest, ties up, as
    // a multiply-accumulate is); column c is shifted by b[c].
    let mul = |x: I16F16, y: I16F16| {
        I16F16::from_bits(((i64::from(x.to_bits()) * i64::from(y.to_bits()) + (1 << 15)) >> 16) as i32)
    };
    for i in 0..4 {
        assert_eq!(out[i], mul(input[i], b[i / 2]) + b[i % 2], "element {i}");
    }
}
