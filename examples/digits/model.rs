// The digits CNN, declared once and instantiated per element type. Shared by
// the `digits` example, its test, and the Cortex-M4 firmware via `include!`.
// The architecture must match `tools/train_digits.py`.

macro_rules! digits_model {
    ($(#[$meta:meta])* $name:ident: $elem:ident) => {
        tinyml::tiny_model! {
            $(#[$meta])*
            pub $name: $elem = input[8, 8, 1]
                -> conv2d(16, 3x3, padding = same) -> relu      // [8, 8, 16]
                -> depthwise_conv2d(3x3, padding = same) -> relu // [8, 8, 16]
                -> max_pool(2x2)                                 // [4, 4, 16]
                -> conv2d(24, 1x1) -> relu                       // [4, 4, 24]
                -> flatten                                       // [384]
                -> dense(10)                                     // [10]
                -> softmax;                                      // [10]
            weights = include_bytes!("digits_f32.bin");
        }
    };
}

digits_model! {
    /// The digits CNN in `f32`.
    Digits: f32
}

digits_model! {
    /// The digits CNN in 16.16 fixed point, from the same weight file.
    DigitsI16F16: I16F16
}

digits_model! {
    /// The digits CNN in 8.8 fixed point, from the same weight file.
    DigitsI8F8: I8F8
}
