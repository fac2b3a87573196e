//! A model as layers on tensors: what the macro checks and the importer
//! emits, in one form, so that both plan the same memory.

use alloc::format;
use alloc::vec;
use alloc::vec::Vec;

use crate::ops::Layer;

use crate::shape::{ShapeError, check_bytes, checked_elements, shape_text};
use crate::vocab::Activation;

/// Index into [`Graph::tensors`]; tensor 0 is the (first) model input.
pub type TensorId = usize;

/// One layer applied to its inputs. `X` is what a tool keeps beside it
/// (spans and labels in the macro, the operator index in the importer).
#[derive(Clone, Debug)]
pub struct Node<X> {
    /// What it computes.
    pub layer: Layer,
    /// The clamp fused into it.
    pub activation: Activation,
    /// The tensors it reads.
    pub inputs: Vec<TensorId>,
    /// The tensor it writes.
    pub output: TensorId,
    /// The tool's data.
    pub extra: X,
}

/// Layers in execution order on shaped tensors. Every tensor and every
/// layer's weights are checked to fit [`MAX_BYTES`](crate::shape::MAX_BYTES)
/// as they are added, so sizes computed from the graph cannot overflow.
#[derive(Clone, Debug)]
pub struct Graph<X> {
    /// Every tensor's shape: the input, then one per node (and per further
    /// input, where it was added).
    pub tensors: Vec<Vec<usize>>,
    /// In execution order.
    pub nodes: Vec<Node<X>>,
    /// The model inputs, in order: tensor 0, then any added with
    /// [`Graph::add_input`].
    pub inputs: Vec<TensorId>,
    /// The model outputs, in order; empty for the usual single output, the
    /// last node's (see [`Graph::outputs`]).
    pub outputs: Vec<TensorId>,
    /// The bytes of one element (activations and weights alike).
    element_bytes: usize,
    /// Whether the elements are `i8` with TFLite's quantization: the
    /// planner then runs some convolutions in place (their `i8` kernels
    /// can; the `f32` and fixed-point ones are other code).
    pub int8: bool,
}

impl<X> Graph<X> {
    /// A graph with only its input, whose elements take `element_bytes`.
    pub fn new(input: Vec<usize>, element_bytes: usize) -> Result<Self, ShapeError> {
        let mut graph = Graph {
            tensors: Vec::new(),
            nodes: Vec::new(),
            inputs: Vec::new(),
            outputs: Vec::new(),
            element_bytes,
            int8: false,
        };
        graph.add_input(input)?;
        Ok(graph)
    }

    /// Adds a model input of shape `input` (sensor fusion: one per sensor);
    /// returns its tensor.
    pub fn add_input(&mut self, input: Vec<usize>) -> Result<TensorId, ShapeError> {
        let elements = checked_elements(&input)?;
        check_bytes(
            || format!("the input {}", shape_text(&input)),
            elements,
            self.element_bytes,
        )?;
        let tensor = self.tensors.len();
        self.tensors.push(input);
        self.inputs.push(tensor);
        Ok(tensor)
    }

    /// The shape of tensor `t`.
    pub fn shape(&self, t: TensorId) -> &[usize] {
        &self.tensors[t]
    }

    /// The number of elements of tensor `t` (checked when it was added).
    pub fn elements(&self, t: TensorId) -> usize {
        self.tensors[t].iter().product()
    }

    /// Appends `layer` on `inputs`; returns its output tensor.
    pub fn push(
        &mut self,
        layer: Layer,
        inputs: Vec<TensorId>,
        extra: X,
    ) -> Result<TensorId, ShapeError> {
        let shapes: Vec<&[usize]> = inputs.iter().map(|&t| self.shape(t)).collect();
        let shape = layer.output_shape(&shapes)?;
        let (name, bytes) = (layer.dsl(), self.element_bytes);
        let elements = checked_elements(&shape)?;
        check_bytes(
            || format!("the output {} of `{name}`", shape_text(&shape)),
            elements,
            bytes,
        )?;
        if let Some(params) = layer.params(shapes[0]) {
            let weights = params.values().ok_or_else(|| ShapeError::Overflow {
                what: format!(
                    "the number of weights {} of `{name}`",
                    shape_text(&params.weights)
                ),
            })?;
            check_bytes(
                || format!("the weights {} of `{name}`", shape_text(&params.weights)),
                weights,
                bytes,
            )?;
        }
        let output = self.tensors.len();
        self.tensors.push(shape);
        self.nodes.push(Node {
            layer,
            activation: Activation::None,
            inputs,
            output,
            extra,
        });
        Ok(output)
    }

    /// Fuses `activation` into node `node` if its layer takes one and has
    /// none yet; says whether it did.
    pub fn fuse(&mut self, node: usize, activation: Activation) -> bool {
        let node = &mut self.nodes[node];
        let fusable = node.layer.kind().fuses_activation() && node.activation == Activation::None;
        if fusable {
            node.activation = activation;
        }
        fusable
    }

    /// The (first) model output: the last node's, or the input, unless
    /// [`Graph::outputs`] names them.
    pub fn output(&self) -> TensorId {
        match self.outputs.first() {
            Some(&first) => first,
            None => self.nodes.last().map_or(0, |n| n.output),
        }
    }

    /// Every model output, in order.
    pub fn outputs(&self) -> Vec<TensorId> {
        if self.outputs.is_empty() {
            vec![self.output()]
        } else {
            self.outputs.clone()
        }
    }

    /// The layer's weights and biases, in values.
    pub fn node_params(&self, node: &Node<X>) -> usize {
        node.layer
            .params(self.shape(node.inputs[0]))
            .and_then(|p| p.values())
            .unwrap_or(0)
    }

    /// The layer's multiply-accumulates per inference.
    pub fn node_macs(&self, node: &Node<X>) -> usize {
        node.layer
            .macs(self.shape(node.inputs[0]), self.shape(node.output))
            .unwrap_or(usize::MAX)
    }

    /// Weights and biases of the whole model, in values.
    pub fn params(&self) -> usize {
        self.nodes
            .iter()
            .map(|n| self.node_params(n))
            .fold(0, usize::saturating_add)
    }

    /// Multiply-accumulates per inference of the whole model.
    pub fn macs(&self) -> usize {
        self.nodes
            .iter()
            .map(|n| self.node_macs(n))
            .fold(0, usize::saturating_add)
    }
}
