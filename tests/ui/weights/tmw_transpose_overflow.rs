// TFLM sums a transposed convolution's taps as (x − zero point) · w
// without folding: with zero point -1 and a bias near i32::MAX, 128·(|2| +
// |−3|) more could overflow the int32 sum.
tinyml::tiny_model! {
    pub Net: i8 = input[1, 2, 1] -> conv2d_transpose(1, 1x2, stride = 1x2);
    weights = include_bytes!("../weights_data/transpose_overflow.tmw");
}
fn main() {}
