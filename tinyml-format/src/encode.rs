//! Writing a [`WeightsFile`].

use crate::{ELEMENT_INT8, MAGIC, Quant, VERSION, WeightsFile};

impl WeightsFile {
    /// The file's bytes.
    ///
    /// # Panics
    ///
    /// If a count does not fit `u32` (a model of over 4 GiB), or a record is
    /// of a layer that has none ([`Kind::record`](crate::Kind::record)).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(&MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.push(ELEMENT_INT8);
        out.push(0);
        put_len(&mut out, self.layers.len());
        let length_at = out.len();
        out.extend_from_slice(&[0; 4]);
        for ports in [&self.inputs, &self.outputs] {
            put_len(&mut out, ports.len());
            for &quant in ports {
                put_quant(&mut out, quant);
            }
        }
        for layer in &self.layers {
            out.push(
                layer
                    .kind
                    .record()
                    .expect("only layers with a record are written"),
            );
            out.push(layer.activation.code());
            out.push(u8::from(layer.params.is_some()));
            out.push(0);
            put_quant(&mut out, layer.output);
            if let Some(params) = &layer.params {
                put_len(&mut out, params.dims.len());
                for &dim in &params.dims {
                    out.extend_from_slice(&dim.to_le_bytes());
                }
                put_len(&mut out, params.scales.len());
                for &scale in &params.scales {
                    out.extend_from_slice(&scale.to_le_bytes());
                }
                out.extend_from_slice(&params.zero_point.to_le_bytes());
                out.extend(params.weights.iter().map(|&w| w.to_le_bytes()[0]));
                out.resize(out.len().next_multiple_of(4), 0);
                put_len(&mut out, params.bias.len());
                for &bias in &params.bias {
                    out.extend_from_slice(&bias.to_le_bytes());
                }
            }
        }
        let length = u32::try_from(out.len()).expect("a weights file under 4 GiB");
        out[length_at..length_at + 4].copy_from_slice(&length.to_le_bytes());
        out
    }
}

fn put_len(out: &mut Vec<u8>, len: usize) {
    let len = u32::try_from(len).expect("a count under 2^32");
    out.extend_from_slice(&len.to_le_bytes());
}

fn put_quant(out: &mut Vec<u8>, quant: Quant) {
    out.extend_from_slice(&quant.scale.to_le_bytes());
    out.extend_from_slice(&quant.zero_point.to_le_bytes());
}
