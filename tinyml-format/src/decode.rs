//! Reading a [`WeightsFile`], with errors that say where the file is wrong.

use std::fmt;

use crate::{Activation, ELEMENT_INT8, Kind, Layer, MAGIC, Params, Quant, VERSION, WeightsFile};

/// Why a file is not a valid weights file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError(String);

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FormatError {}

/// The largest rank or scale count accepted (real models have rank 2 or 4).
const MAX_COUNT: usize = 1 << 20;

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    /// What is being read, for messages: "the header", "layer 3".
    context: String,
}

impl Reader<'_> {
    fn take(&mut self, n: usize, what: &str) -> Result<&[u8], FormatError> {
        let end = self.at.checked_add(n).filter(|&end| end <= self.bytes.len()).ok_or_else(|| {
            FormatError(format!(
                "the file ends at byte {} inside {} ({what} needs {n} bytes from byte {}); it is truncated",
                self.bytes.len(),
                self.context,
                self.at
            ))
        })?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn u8(&mut self, what: &str) -> Result<u8, FormatError> {
        Ok(self.take(1, what)?[0])
    }

    fn u16(&mut self, what: &str) -> Result<u16, FormatError> {
        let b = self.take(2, what)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32(&mut self, what: &str) -> Result<u32, FormatError> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn i32(&mut self, what: &str) -> Result<i32, FormatError> {
        Ok(self.u32(what)? as i32)
    }

    fn f32(&mut self, what: &str) -> Result<f32, FormatError> {
        Ok(f32::from_bits(self.u32(what)?))
    }

    fn count(&mut self, what: &str) -> Result<usize, FormatError> {
        let n = self.u32(what)? as usize;
        if n > MAX_COUNT {
            return Err(FormatError(format!(
                "{} declares {n} as its {what}, which is implausibly large",
                self.context
            )));
        }
        Ok(n)
    }

    /// A count of at least one, then that many quantizations.
    fn ports(&mut self, what: &str) -> Result<Vec<Quant>, FormatError> {
        let count = self.count(&format!("{what} count"))?;
        if count == 0 {
            return Err(FormatError(format!("the file declares no model {what}")));
        }
        (0..count).map(|_| self.quant(what)).collect()
    }

    fn quant(&mut self, what: &str) -> Result<Quant, FormatError> {
        let scale = self.f32(&format!("{what} scale"))?;
        let zero_point = self.i32(&format!("{what} zero point"))?;
        if !(scale.is_finite() && scale > 0.0) {
            return Err(FormatError(format!(
                "{} has {what} scale {scale}; scales must be finite and positive",
                self.context
            )));
        }
        if !(-128..=127).contains(&zero_point) {
            return Err(FormatError(format!(
                "{} has {what} zero point {zero_point}; int8 zero points lie in -128..=127",
                self.context
            )));
        }
        Ok(Quant { scale, zero_point })
    }
}

impl WeightsFile {
    /// Parses a file. Never panics: anything malformed is a [`FormatError`]
    /// naming the layer and byte where reading failed.
    pub fn decode(bytes: &[u8]) -> Result<WeightsFile, FormatError> {
        Self::decode_with_offsets(bytes).map(|(file, _)| file)
    }

    /// Like [`WeightsFile::decode`], also returning, per record, the byte
    /// offset of its weights in `bytes` (for code that reads them in place,
    /// as `tiny_model!`'s expansion does).
    pub fn decode_with_offsets(
        bytes: &[u8],
    ) -> Result<(WeightsFile, Vec<Option<usize>>), FormatError> {
        let mut r = Reader {
            bytes,
            at: 0,
            context: "the header".to_owned(),
        };
        if r.take(4, "the magic number")? != MAGIC {
            // Callers say which file this is ("`x` is not a valid tinyml
            // weights file: …"), so the message says only what is wrong.
            return Err(FormatError(
                "it does not start with `TMLW`, the .tmw magic number (`tinyml import` writes .tmw files)".to_owned(),
            ));
        }
        let version = r.u16("the version")?;
        if version != VERSION && version != 1 {
            return Err(FormatError(format!(
                "weights file version {version}, but this tinyml reads versions 1 to {VERSION}; re-run `tinyml import`"
            )));
        }
        let element = r.u8("the element type")?;
        if element != ELEMENT_INT8 {
            return Err(FormatError(format!(
                "element type code {element}; the only one is {ELEMENT_INT8} (int8)"
            )));
        }
        r.u8("a reserved byte")?;
        let records = r.count("record count")?;
        let length = r.u32("the file length")? as usize;
        if length != bytes.len() {
            return Err(FormatError(format!(
                "the header says the file has {length} bytes, but it has {}; it is truncated or padded",
                bytes.len()
            )));
        }
        let (inputs, outputs) = if version == 1 {
            (vec![r.quant("input")?], vec![r.quant("output")?])
        } else {
            (r.ports("input")?, r.ports("output")?)
        };
        let mut layers = Vec::with_capacity(records.min(1024));
        let mut offsets = Vec::with_capacity(records.min(1024));
        for index in 0..records {
            r.context = format!("record {index}");
            let (layer, offset) = layer(&mut r, version)?;
            layers.push(layer);
            offsets.push(offset);
        }
        if r.at != bytes.len() {
            return Err(FormatError(format!(
                "{} bytes are left after the last record",
                bytes.len() - r.at
            )));
        }
        Ok((
            WeightsFile {
                inputs,
                outputs,
                layers,
            },
            offsets,
        ))
    }
}

/// A record, and the offset of its weights if it has any.
fn layer(r: &mut Reader<'_>, version: u16) -> Result<(Layer, Option<usize>), FormatError> {
    let code = r.u8("the layer kind")?;
    let kind = Kind::from_record(code)
        .ok_or_else(|| FormatError(format!("{} has unknown layer kind {code}", r.context)))?;
    let code = r.u8("the activation")?;
    let activation = Activation::from_code(code)
        .ok_or_else(|| FormatError(format!("{} has unknown activation {code}", r.context)))?;
    let has_params = if version == 1 {
        r.u16("reserved bytes")?;
        kind.params().is_some()
    } else {
        let flag = r.u8("has_params")?;
        r.u8("a reserved byte")?;
        match flag {
            0 => false,
            1 => true,
            _ => {
                return Err(FormatError(format!(
                    "{} has has_params {flag}; it is 0 or 1",
                    r.context
                )));
            }
        }
    };
    let output = r.quant("output")?;
    let (params, offset) = if has_params {
        let (params, offset) = params(r, kind, version)?;
        (Some(params), Some(offset))
    } else {
        (None, None)
    };
    let layer = Layer {
        kind,
        activation,
        output,
        params,
    };
    Ok((layer, offset))
}

fn params(r: &mut Reader<'_>, kind: Kind, version: u16) -> Result<(Params, usize), FormatError> {
    let rank = r.count("rank")?;
    let dims = (0..rank)
        .map(|_| r.u32("a dimension"))
        .collect::<Result<Vec<_>, _>>()?;
    let scale_count = r.count("scale count")?;
    let scales = (0..scale_count)
        .map(|_| r.f32("a weight scale"))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(bad) = scales.iter().find(|s| !(s.is_finite() && **s > 0.0)) {
        return Err(FormatError(format!(
            "{} has weight scale {bad}; scales must be finite and positive",
            r.context
        )));
    }
    let zero_point = if version == 1 {
        0
    } else {
        r.i32("the weights' zero point")?
    };
    let count = dims
        .iter()
        .try_fold(1usize, |n, &d| n.checked_mul(d as usize))
        .filter(|&n| n <= r.bytes.len())
        .ok_or_else(|| {
            FormatError(format!(
                "{} declares weights of shape {dims:?}, larger than the file",
                r.context
            ))
        })?;
    let offset = r.at;
    let weights = r
        .take(count, "the weights")?
        .iter()
        .map(|&b| b as i8)
        .collect();
    r.take(count.next_multiple_of(4) - count, "padding")?;
    let params = Params {
        dims,
        scales,
        zero_point,
        weights,
        bias: Vec::new(),
    };
    let channels = if version == 1 {
        params.channels(kind)
    } else {
        r.count("bias count")?
    };
    let bias = (0..channels)
        .map(|_| r.i32("a bias"))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((Params { bias, ..params }, offset))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use crate::*;

    fn sample() -> WeightsFile {
        let q = |scale, zero_point| Quant { scale, zero_point };
        WeightsFile {
            inputs: vec![q(0.5, 3), q(0.25, -1)],
            outputs: vec![q(1.0 / 256.0, -128)],
            layers: vec![
                Layer {
                    kind: Kind::Conv2d,
                    activation: Activation::Relu,
                    output: q(0.25, -128),
                    params: Some(Params {
                        dims: vec![2, 1, 1, 3],
                        scales: vec![0.01, 0.02],
                        zero_point: 0,
                        weights: vec![1, -2, 3, -4, 5, -128],
                        bias: vec![100, -7],
                    }),
                },
                Layer {
                    kind: Kind::AvgPool,
                    activation: Activation::None,
                    output: q(0.25, -128),
                    params: None,
                },
                Layer {
                    kind: Kind::DepthwiseConv2d,
                    activation: Activation::Relu6,
                    output: q(0.125, 0),
                    params: Some(Params {
                        dims: vec![1, 1, 1, 2],
                        scales: vec![0.5],
                        zero_point: 0,
                        weights: vec![7, 8],
                        bias: vec![1, 2],
                    }),
                },
                Layer {
                    kind: Kind::Sub,
                    activation: Activation::None,
                    output: q(0.25, 36),
                    params: Some(Params {
                        dims: vec![2],
                        scales: vec![0.0079],
                        zero_point: -86,
                        weights: vec![-100, 27],
                        bias: vec![],
                    }),
                },
                Layer {
                    kind: Kind::Softmax,
                    activation: Activation::None,
                    output: q(1.0 / 256.0, -128),
                    params: None,
                },
            ],
        }
    }

    #[test]
    fn round_trips() {
        let file = sample();
        let bytes = file.encode();
        assert_eq!(bytes.len() % 4, 0);
        assert_eq!(WeightsFile::decode(&bytes), Ok(file.clone()));
        let (_, offsets) = WeightsFile::decode_with_offsets(&bytes).unwrap();
        assert_eq!(offsets.len(), 5);
        let first = offsets[0].unwrap();
        assert_eq!(&bytes[first..first + 6], &[1, 0xfe, 3, 0xfc, 5, 0x80]);
        assert_eq!(offsets[1], None);
        let third = offsets[2].unwrap();
        assert_eq!(&bytes[third..third + 2], &[7, 8]);
    }

    #[test]
    fn explains_what_is_wrong() {
        let bytes = sample().encode();
        let err = |bytes: &[u8]| WeightsFile::decode(bytes).unwrap_err().to_string();
        assert_eq!(
            err(b"PK\x03\x04 zip"),
            "it does not start with `TMLW`, the .tmw magic number (`tinyml import` writes .tmw files)"
        );
        let mut v3 = bytes.clone();
        v3[4] = 3;
        assert_eq!(
            err(&v3),
            "weights file version 3, but this tinyml reads versions 1 to 2; re-run `tinyml import`"
        );
        let mut flag = bytes.clone();
        flag[50] = 7;
        assert_eq!(err(&flag), "record 0 has has_params 7; it is 0 or 1");
        assert_eq!(
            err(&bytes[..bytes.len() - 4]),
            format!(
                "the header says the file has {} bytes, but it has {}; it is truncated or padded",
                bytes.len(),
                bytes.len() - 4
            )
        );
        let mut bad_kind = bytes.clone();
        bad_kind[48] = 99;
        assert_eq!(err(&bad_kind), "record 0 has unknown layer kind 99");
    }

    /// A version 1 file (as `tinyml import` wrote before constants had zero
    /// points): a dense record with params implied by its kind.
    #[test]
    fn reads_version_1() {
        let mut bytes = Vec::new();
        bytes.extend_from_slice(b"TMLW");
        bytes.extend_from_slice(&1u16.to_le_bytes());
        bytes.extend_from_slice(&[1, 0]);
        bytes.extend_from_slice(&1u32.to_le_bytes());
        bytes.extend_from_slice(&0u32.to_le_bytes());
        for (scale, zero_point) in [(0.5f32, 3i32), (0.25, -1), (0.125, 2)] {
            if bytes.len() == 32 {
                bytes.extend_from_slice(&[Kind::Dense.record().unwrap(), 0, 0, 0]);
            }
            bytes.extend_from_slice(&scale.to_le_bytes());
            bytes.extend_from_slice(&zero_point.to_le_bytes());
        }
        for word in [2u32, 1, 3, 1] {
            bytes.extend_from_slice(&word.to_le_bytes());
        }
        bytes.extend_from_slice(&0.5f32.to_le_bytes());
        bytes.extend_from_slice(&[1, 2, 3, 0]);
        bytes.extend_from_slice(&(-9i32).to_le_bytes());
        let length = bytes.len() as u32;
        bytes[12..16].copy_from_slice(&length.to_le_bytes());
        let file = WeightsFile::decode(&bytes).unwrap();
        assert_eq!(
            file.layers[0].params,
            Some(Params {
                dims: vec![1, 3],
                scales: vec![0.5],
                zero_point: 0,
                weights: vec![1, 2, 3],
                bias: vec![-9],
            })
        );
        assert_eq!(
            file.outputs[0],
            Quant {
                scale: 0.25,
                zero_point: -1
            }
        );
    }

    proptest! {
        #[test]
        fn never_panics_on_corruption(flips in proptest::collection::vec((0usize..200, any::<u8>()), 1..6), cut in 0usize..200) {
            let mut bytes = sample().encode();
            for (at, value) in flips {
                if at < bytes.len() {
                    bytes[at] = value;
                }
            }
            let _ = WeightsFile::decode(&bytes);
            let _ = WeightsFile::decode(&bytes[..cut.min(bytes.len())]);
        }
    }
}
