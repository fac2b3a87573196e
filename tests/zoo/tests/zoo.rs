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
