//! The `.tmw` weights file (`tinyml-format`), two ways from the same bytes:
//!
//! 1. As a file: `decode` and `decode_with_offsets` must agree (same file or
//!    same error), every offset must point at its record's weights, and a
//!    file that decodes must survive `encode` → `decode` unchanged, at the
//!    same length.
//! 2. As the recipe for a valid `WeightsFile` (built with `arbitrary`, since
//!    random bytes rarely pass the header): `decode(encode(file))` must give
//!    `file` back exactly.
//!
//! Any panic is a bug.
#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use tinyml_format::{Activation, Layer, LayerKind, Params, Quant, WeightsFile};

fuzz_target!(|data: &[u8]| {
    check_decoders(data);
    if let Ok(file) = arbitrary_file(&mut Unstructured::new(data)) {
        let bytes = file.encode();
        assert_eq!(bytes.len() % 4, 0);
        assert_eq!(WeightsFile::decode(&bytes).as_ref(), Ok(&file));
        check_decoders(&bytes);
    }
});

/// `decode` and `decode_with_offsets` agree on `data`, the offsets are
/// right, and a decoded file round-trips.
fn check_decoders(data: &[u8]) {
    let plain = WeightsFile::decode(data);
    let with_offsets = WeightsFile::decode_with_offsets(data);
    let (file, offsets) = match (plain, with_offsets) {
        (Ok(file), Ok((same, offsets))) => {
            assert_eq!(file, same, "decode and decode_with_offsets disagree");
            (file, offsets)
        }
        (Err(a), Err(b)) => {
            assert_eq!(a, b, "decode and decode_with_offsets fail differently");
            return;
        }
        (a, b) => panic!("one decoder failed: {a:?} vs {b:?}"),
    };
    assert_eq!(offsets.len(), file.layers.len());
    for (layer, offset) in file.layers.iter().zip(&offsets) {
        match (&layer.params, offset) {
            (Some(params), Some(at)) => {
                let stored: Vec<i8> = data[*at..*at + params.weights.len()]
                    .iter()
                    .map(|&b| b as i8)
                    .collect();
                assert_eq!(stored, params.weights);
            }
            (None, None) => {}
            _ => panic!("an offset without weights, or weights without an offset"),
        }
    }
    // Reserved and padding bytes are not kept, so compare decoded files, not
    // bytes; the layout (and so the length) is fixed by the contents.
    let bytes = file.encode();
    assert_eq!(bytes.len(), data.len());
    assert_eq!(WeightsFile::decode(&bytes), Ok(file));
}

/// Any valid file: finite positive scales, int8 zero points, params exactly
/// for the kinds that have them, a bias per output channel.
fn arbitrary_file(u: &mut Unstructured<'_>) -> Result<WeightsFile> {
    let input = quant(u)?;
    let output = quant(u)?;
    let count = u.int_in_range(0..=16)?;
    let mut layers = Vec::with_capacity(count);
    for _ in 0..count {
        let kind = *u.choose(&LayerKind::ALL)?;
        let activation = *u.choose(&[Activation::None, Activation::Relu, Activation::Relu6])?;
        let output = quant(u)?;
        let params = if kind.has_params() {
            Some(params(u, kind)?)
        } else {
            None
        };
        layers.push(Layer {
            kind,
            activation,
            output,
            params,
        });
    }
    Ok(WeightsFile {
        input,
        output,
        layers,
    })
}

fn quant(u: &mut Unstructured<'_>) -> Result<Quant> {
    Ok(Quant {
        scale: scale(u)?,
        zero_point: u.int_in_range(-128..=127)?,
    })
}

/// Every positive finite `f32`, subnormals included.
fn scale(u: &mut Unstructured<'_>) -> Result<f32> {
    Ok(f32::from_bits(u.int_in_range(1..=0x7f7f_ffff)?))
}

fn params(u: &mut Unstructured<'_>, kind: LayerKind) -> Result<Params> {
    let rank = u.int_in_range(0..=5)?;
    let dims = (0..rank)
        .map(|_| u.int_in_range(0..=9))
        .collect::<Result<Vec<u32>>>()?;
    let scale_count = u.int_in_range(0..=9)?;
    let scales = (0..scale_count)
        .map(|_| scale(u))
        .collect::<Result<Vec<f32>>>()?;
    let len: usize = dims.iter().map(|&d| d as usize).product();
    let weights = (0..len)
        .map(|_| u.arbitrary())
        .collect::<Result<Vec<i8>>>()?;
    let mut params = Params {
        dims,
        scales,
        zero_point: u.arbitrary()?,
        weights,
        bias: Vec::new(),
    };
    params.bias = (0..params.channels(kind))
        .map(|_| u.arbitrary())
        .collect::<Result<Vec<i32>>>()?;
    Ok(params)
}
