tinyml::tiny_model! {
    pub Net: i8 = input[8, 8, 1]
        -> conv2d(16, 3x3, padding = same) -> relu
        -> depthwise_conv2d(3x3, padding = same) -> relu
        -> max_pool(2x2)
        -> conv2d(24, 1x1) -> relu
        -> flatten
        -> dense(10)
        -> softmax;
    weights = include_bytes!("../weights_data/version3.tmw");
}
fn main() {}
