//! Every zoo model against its reference: `f32` within 1e-4 of TFLite's
//! reference kernels, `int8` byte for byte equal to tflite-micro's outputs,
//! and `int8` with float input and output (the converter's default) through
//! `predict_f32`, bit for bit equal to tflite-micro's float outputs.

/// Runs `$model` on `inputs_f32.bin` of zoo model `$name`.
macro_rules! check_f32 {
    ($model:ty, $name:literal) => {{
        let inputs = zoo::f32s(&zoo::read($name, "inputs_f32.bin"));
        let expected = zoo::f32s(&zoo::read($name, "outputs_f32.bin"));
        let samples = inputs.len() / <$model>::INPUT_LEN;
        assert_eq!(expected.len(), samples * <$model>::OUTPUT_LEN, "{}", $name);
        let mut model = <$model>::new();
        let mut worst = 0.0f32;
        for (input, expected) in inputs
            .chunks_exact(<$model>::INPUT_LEN)
            .zip(expected.chunks_exact(<$model>::OUTPUT_LEN))
        {
            let input: &[f32; <$model>::INPUT_LEN] = input.try_into().expect("a whole input");
            for (ours, theirs) in model.predict(input).iter().zip(expected) {
                worst = worst.max((ours - theirs).abs());
            }
        }
        println!("{} f32: {samples} samples, largest error {worst:e}", $name);
        assert!(worst <= 1e-4, "{} f32: largest error {worst:e}", $name);
    }};
}

/// Runs `$model` on `inputs_int8.bin` of zoo model `$name`.
macro_rules! check_int8 {
    ($model:ty, $name:literal) => {{
        let inputs = zoo::read($name, "inputs_int8.bin");
        let expected = zoo::read($name, "outputs_int8.bin");
        let samples = inputs.len() / <$model>::INPUT_LEN;
        assert_eq!(expected.len(), samples * <$model>::OUTPUT_LEN, "{}", $name);
        let mut model = <$model>::new();
        for (index, (input, expected)) in inputs
            .chunks_exact(<$model>::INPUT_LEN)
            .zip(expected.chunks_exact(<$model>::OUTPUT_LEN))
            .enumerate()
        {
            let input: [i8; <$model>::INPUT_LEN] = core::array::from_fn(|i| input[i] as i8);
            let expected: Vec<i8> = expected.iter().map(|&b| b as i8).collect();
            assert_eq!(
                model.predict(&input)[..],
                expected[..],
                "{} int8, sample {index}",
                $name
            );
        }
        println!(
            "{} int8: {samples} samples identical to tflite-micro",
            $name
        );
    }};
}

/// Runs the streaming import `$stream` of zoo model `$name` frame by frame
/// on each sample, after a `reset()` on the same model each time: the last
/// output of a window equals `predict` of the plain import `$model` over it
/// (`i8` byte for byte, `f32` within 1e-5), and so the references too.
macro_rules! check_stream {
    ($stream:ty, $model:ty, $name:literal, $kind:literal) => {{
        use zoo::StepOutput as _;
        let int8 = $kind == "int8";
        let (inputs, expected) = if int8 {
            let widen = |b: Vec<u8>| {
                b.into_iter()
                    .map(|b| f32::from(b as i8))
                    .collect::<Vec<f32>>()
            };
            (
                widen(zoo::read($name, "inputs_int8.bin")),
                widen(zoo::read($name, "outputs_int8.bin")),
            )
        } else {
            (
                zoo::f32s(&zoo::read($name, "inputs_f32.bin")),
                zoo::f32s(&zoo::read($name, "outputs_f32.bin")),
            )
        };
        let (frame, len) = (<$stream>::FRAME_LEN, <$stream>::INPUT_LEN);
        assert_eq!(<$stream>::INPUT_LEN, <$model>::INPUT_LEN);
        let (mut stream, mut whole) = (<$stream>::new(), <$model>::new());
        let samples = inputs.len() / len;
        for (index, (input, want)) in inputs
            .chunks_exact(len)
            .zip(expected.chunks_exact(<$model>::OUTPUT_LEN))
            .enumerate()
        {
            let cast = |v: &[f32]| v.iter().map(|&x| x as _).collect::<Vec<_>>();
            let input = cast(input);
            let predicted = whole
                .predict(input[..].try_into().expect("a whole input"))
                .to_vec();
            stream.reset();
            let mut last = None;
            for frame in input.chunks_exact(frame) {
                last = stream
                    .step(frame.try_into().expect("a frame"))
                    .output()
                    .or(last);
            }
            let last = last.expect("an output within the window");
            let wanted = cast(want);
            let worst = last
                .iter()
                .zip(&predicted)
                .map(|(&a, &b)| (f32::from(a) - f32::from(b)).abs())
                .fold(0.0, f32::max);
            if int8 {
                assert_eq!(
                    last, predicted,
                    "{} {} stream, sample {index}: step vs predict",
                    $name, $kind
                );
                assert_eq!(
                    last, wanted,
                    "{} {} stream, sample {index}: step vs tflite-micro",
                    $name, $kind
                );
            } else {
                assert!(
                    worst <= 1e-5,
                    "{} {} stream, sample {index}: step {worst:e} from predict",
                    $name,
                    $kind
                );
                zoo::compare_within(
                    $name,
                    $kind,
                    index,
                    &last.iter().map(|&x| f32::from(x)).collect::<Vec<f32>>(),
                    &wanted.iter().map(|&x| f32::from(x)).collect::<Vec<f32>>(),
                );
            }
        }
        println!(
            "{} {} stream: {samples} windows frame by frame as predict",
            $name, $kind
        );
    }};
}

/// Runs `$model`'s `predict_f32` on `inputs_f32.bin` of zoo model `$name`.
macro_rules! check_int8_float_io {
    ($model:ty, $name:literal) => {{
        let inputs = zoo::f32s(&zoo::read($name, "inputs_f32.bin"));
        let expected = zoo::f32s(&zoo::read($name, "outputs_int8_fio.bin"));
        let samples = inputs.len() / <$model>::INPUT_LEN;
        assert_eq!(expected.len(), samples * <$model>::OUTPUT_LEN, "{}", $name);
        let mut model = <$model>::new();
        for (index, (input, expected)) in inputs
            .chunks_exact(<$model>::INPUT_LEN)
            .zip(expected.chunks_exact(<$model>::OUTPUT_LEN))
            .enumerate()
        {
            let input: &[f32; <$model>::INPUT_LEN] = input.try_into().expect("a whole input");
            let ours: Vec<u32> = model
                .predict_f32(input)
                .iter()
                .map(|x| x.to_bits())
                .collect();
            let theirs: Vec<u32> = expected.iter().map(|x| x.to_bits()).collect();
            assert_eq!(
                ours, theirs,
                "{} int8 with float I/O, sample {index}",
                $name
            );
        }
        println!(
            "{} int8 float I/O: {samples} samples bit for bit tflite-micro's",
            $name
        );
    }};
}

/// A TFLM example model (`f32`) on its reference vectors, within 1e-5.
macro_rules! check_vectors_f32 {
    ($model:ty, $dir:expr) => {{
        let mut model = <$model>::new();
        let mut worst = 0.0f32;
        let vectors = zoo::vectors($dir);
        for (input, output) in &vectors {
            let input: [f32; <$model>::INPUT_LEN] = zoo::f32s(input)
                .try_into()
                .expect("an input of the model's length");
            for (ours, theirs) in model.predict(&input).iter().zip(zoo::f32s(output)) {
                worst = worst.max((ours - theirs).abs());
            }
        }
        println!(
            "{}: {} vectors, largest error {worst:e}",
            $dir,
            vectors.len()
        );
        assert!(worst <= 1e-5, "{}: largest error {worst:e}", $dir);
    }};
}

/// A TFLM example model (`int8`) on its reference vectors, byte for byte.
macro_rules! check_vectors_int8 {
    ($model:ty, $dir:expr) => {{
        let mut model = <$model>::new();
        let vectors = zoo::vectors($dir);
        for (index, (input, output)) in vectors.iter().enumerate() {
            let input: [i8; <$model>::INPUT_LEN] = core::array::from_fn(|i| input[i] as i8);
            let expected: Vec<i8> = output.iter().map(|&b| b as i8).collect();
            assert_eq!(
                model.predict(&input)[..],
                expected[..],
                "{}, vector {index}",
                $dir
            );
        }
        println!("{}: {} vectors identical to TFLM", $dir, vectors.len());
    }};
}

include!(concat!(env!("OUT_DIR"), "/checks.rs"));
