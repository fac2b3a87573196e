// Only a model's one input streams.
tinyml::tiny_model! {
    pub Fusion: f32 = input[6, 2] as accel;
    input[6, 2] streaming as gyro;
    add(accel, gyro) -> flatten as both;
    outputs = (both);
}

fn main() {}
