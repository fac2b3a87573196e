//! Printing a [`Graph`] as `tiny_model!` source and its weights file:
//! `weights.bin` for a float32 model, `weights.tmw` for an int8 one.
//!
//! [`emit`] puts the nodes in source order (`source::steps`); `source.rs`
//! writes them as statements, `weights.rs` the weights file, and
//! `Declared` plans the arena the macro will lay out for them.

mod source;
mod weights;

use tinyml_format::Quant;

use crate::graph::{Element, Graph, Layer, Node, ValueId};

/// The generated files, in memory.
#[derive(Debug, Clone)]
pub struct Emitted {
    /// `mod.rs`.
    pub source: String,
    /// The bytes of the weights file.
    pub weights: Vec<u8>,
    /// Its name, which `mod.rs` includes: `weights.bin` (float32) or
    /// `weights.tmw` (int8).
    pub weights_file: &'static str,
    /// How many layers the source declares (fused activations and `add`s
    /// count as layers).
    pub layers: usize,
    /// The number of parameters (weights and biases).
    pub parameters: usize,
    /// The generated model's `RAM_BYTES`: the macro's plan of the layers
    /// exactly as the source declares them (fused activations included).
    pub ram_bytes: usize,
}

/// Emits `graph` as the module for type `name`, imported from `file_name`
/// (with a `streaming` input if `streaming`).
pub fn emit(graph: &Graph, file_name: &str, name: &str, streaming: bool) -> Emitted {
    let steps = source::steps(graph);
    let source = source::source(graph, &steps, file_name, name, streaming);
    let weights = weights::weights(graph, &steps);
    // The graph the macro will build from the source, for its memory plan.
    let mut declared = Declared::new(graph);
    for step in &steps {
        declared.add(step.node, &step.layer, step.chained);
    }
    Emitted {
        source,
        weights,
        weights_file: graph.element.weights_file(),
        layers: graph.nodes.len(),
        parameters: graph.nodes.iter().map(Node::param_count).sum(),
        ram_bytes: declared.arena_len() * graph.element.bytes(),
    }
}

/// The layers as `tiny_model!` will see them in the emitted source: an
/// activation chained right after the layer that produced its input is fused
/// into it, as the macro fuses it.
struct Declared {
    graph: Option<tinyml_spec::Graph<()>>,
    /// The declared tensor of each value.
    tensor_of: Vec<Option<tinyml_spec::TensorId>>,
    /// The model outputs' values.
    outputs: Vec<ValueId>,
}

impl Declared {
    fn new(graph: &Graph) -> Self {
        let mut tensor_of = vec![None; graph.values.len()];
        let mut declared = tinyml_spec::Graph::new(
            graph.values[graph.input()].shape.clone(),
            graph.element.bytes(),
        )
        .ok();
        if let Some(declared) = &mut declared {
            declared.int8 = graph.element == Element::I8;
        }
        tensor_of[graph.input()] = Some(0);
        for port in graph.inputs.iter().skip(1) {
            tensor_of[port.value] = declared
                .as_mut()
                .and_then(|g| g.add_input(graph.values[port.value].shape.clone()).ok());
        }
        Declared {
            graph: declared,
            tensor_of,
            outputs: graph.outputs.iter().map(|p| p.value).collect(),
        }
    }

    fn add(&mut self, node: &Node, layer: &Layer, chained: bool) {
        let Some(graph) = &mut self.graph else { return };
        let inputs: Option<Vec<_>> = node.inputs.iter().map(|&v| self.tensor_of[v]).collect();
        let Some(inputs) = inputs else { return };
        let last = graph.nodes.len().checked_sub(1);
        if let (Some(activation), true, Some(last)) = (layer.kind().activation(), chained, last)
            && graph.nodes[last].output == inputs[0]
            && graph.fuse(last, activation)
        {
            self.tensor_of[node.output] = Some(inputs[0]);
            return;
        }
        self.tensor_of[node.output] = graph.push(layer.clone(), inputs, ()).ok();
    }

    /// The arena's length in elements.
    fn arena_len(&self) -> usize {
        let Some(graph) = &self.graph else { return 0 };
        let mut graph = graph.clone();
        if self.outputs.len() > 1 {
            graph.outputs = self
                .outputs
                .iter()
                .filter_map(|&v| self.tensor_of[v])
                .collect();
        }
        tinyml_spec::plan::plan(&graph).arena_len
    }
}

/// A value's quantization in an int8 graph (lowering gives every value one).
pub(super) fn quant(graph: &Graph, v: ValueId) -> Quant {
    graph.values[v].quant.unwrap_or(Quant {
        scale: 1.0,
        zero_point: 0,
    })
}
