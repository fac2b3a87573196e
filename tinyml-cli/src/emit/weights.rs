//! The weights file: `weights.bin` for a float32 model, `weights.tmw` for
//! an int8 one.
//!
//! `weights.bin` holds, for every layer with parameters in source order, its
//! weights then its bias as little-endian f32, in TFLite's layouts (conv2d
//! OHWI, depthwise `[1][KH][KW][C*M]`, dense `[units][in]`; the 1-D
//! convolutions drop the height of 1).
//!
//! `weights.tmw` is the versioned format of [`tinyml_format`]: the model's
//! input and output quantization, then one record per layer in source order
//! except `relu`/`relu6` (which set the `activation` of the record before
//! them), `flatten` and `reshape`; each with its output quantization and, for
//! the layers with weights, the int8 weights, their scales and the int32
//! bias.

use tinyml_format::{Activation, WeightsFile};

use super::quant;
use super::source::Step;
use crate::graph::{Element, Graph, Node, Params};

/// The bytes of the weights file, its layers in the order of `steps`.
pub(super) fn weights(graph: &Graph, steps: &[Step<'_>]) -> Vec<u8> {
    match graph.element {
        Element::F32 => {
            let mut weights = Vec::new();
            for step in steps {
                append_weights(step.node, &mut weights);
            }
            weights
        }
        Element::I8 => {
            let mut records = Records {
                layers: Vec::new(),
                of_value: vec![None; graph.values.len()],
            };
            for step in steps {
                records.add(graph, step.node);
            }
            WeightsFile {
                inputs: graph.inputs.iter().map(|p| quant(graph, p.value)).collect(),
                outputs: graph
                    .outputs
                    .iter()
                    .map(|p| quant(graph, p.value))
                    .collect(),
                layers: records.layers,
            }
            .encode()
        }
    }
}

fn append_weights(node: &Node, out: &mut Vec<u8>) {
    if let Some(Params::F32 { weights, bias }) = &node.params {
        for x in weights.iter().chain(bias) {
            out.extend_from_slice(&x.to_le_bytes());
        }
    }
}

/// The `.tmw` records of an int8 graph, built in source order.
struct Records {
    layers: Vec<tinyml_format::Layer>,
    /// The record that computes each value.
    of_value: Vec<Option<usize>>,
}

impl Records {
    fn add(&mut self, graph: &Graph, node: &Node) {
        let input = node
            .inputs
            .first()
            .map_or(&[][..], |&v| graph.values[v].shape.as_slice());
        let kind = node.layer.kind();
        if let Some(activation) = kind.activation() {
            // Lowering makes sure the producer is a record of its own.
            if let Some(record) = node.inputs.first().and_then(|&v| self.of_value[v]) {
                self.layers[record].activation = activation;
            }
            return;
        }
        if kind.record().is_none() {
            return;
        }
        let dim = |d: &usize| u32::try_from(*d).unwrap_or(u32::MAX);
        let params = match (&node.params, node.layer.params(input)) {
            (
                Some(Params::I8 {
                    weights,
                    scales,
                    zero_point,
                    bias,
                }),
                Some(shape),
            ) => Some(tinyml_format::Params {
                dims: shape.weights.iter().map(dim).collect(),
                scales: scales.clone(),
                zero_point: *zero_point,
                weights: weights.clone(),
                bias: bias.clone(),
            }),
            _ => None,
        };
        self.of_value[node.output] = Some(self.layers.len());
        self.layers.push(tinyml_format::Layer {
            kind,
            activation: Activation::None,
            output: quant(graph, node.output),
            params,
        });
    }
}
