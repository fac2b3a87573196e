// A layer over the time axis without a frame-by-frame form, before the
// head: reported on its name.
tinyml::tiny_model! {
    pub Gesture: f32 = input[8, 2] streaming
        -> transpose(perm = [1, 0])
        -> flatten;
}

fn main() {}
