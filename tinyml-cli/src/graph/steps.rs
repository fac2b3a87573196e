//! Keras' 1-D layers, back from their TFLite form. The converter writes a
//! Conv1D, DepthwiseConv1D (or SeparableConv1D), MaxPooling1D or
//! AveragePooling1D on a `[steps, channels]` tensor as `EXPAND_DIMS` to a
//! one-row image, the 2-D operator with a window of height 1, and
//! `RESHAPE`/`SQUEEZE` back; lowered one operator at a time, that is
//! `reshape[1, S, C] -> conv2d(…, 1xK) -> … -> reshape[S', C']`. This pass
//! finds each such run and writes it as the 1-D layers it came from
//! (`conv1d(…, K)`), which compute the same values with the same kernels:
//! the weights' layouts are the 2-D ones without the axis of size 1.
//!
//! A run is only rewritten whole: from a reshape that adds a unit height
//! (or width) to a `[steps, channels]` tensor, through layers whose window
//! is 1 across that unit axis (and fused activations), each read by the
//! next alone, to a reshape or flatten. Anything else stays as lowered,
//! which is correct, only less readable.

use tinyml_spec::ops::avg_pool::AvgPool;
use tinyml_spec::ops::avg_pool1d::AvgPool1d;
use tinyml_spec::ops::conv1d::Conv1d;
use tinyml_spec::ops::depthwise_conv1d::DepthwiseConv1d;
use tinyml_spec::ops::max_pool::MaxPool;
use tinyml_spec::ops::max_pool1d::MaxPool1d;
use tinyml_spec::ops::reshape::Reshape;
use tinyml_spec::ops::{Pool, Pool1d};
use tinyml_spec::{Hw, Layer};

use super::{Graph, ValueId};

/// Which axis of the one-row (or one-column) image the steps run along.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Along {
    /// `[1, steps, c]`: EXPAND_DIMS at axis 1 (Keras' choice).
    Width,
    /// `[steps, 1, c]`: EXPAND_DIMS at axis 2.
    Height,
}

impl Along {
    /// The `(kernel, stride)` along the steps, if the window is 1 across.
    fn steps(self, kernel: Hw, stride: Hw) -> Option<(usize, usize)> {
        match self {
            Along::Width if kernel.0 == 1 => Some((kernel.1, stride.1)),
            Along::Height if kernel.1 == 1 => Some((kernel.0, stride.0)),
            _ => None,
        }
    }

    /// `[steps, c]` of an image along this axis.
    fn sequence(self, shape: &[usize]) -> Option<Vec<usize>> {
        match (self, shape) {
            (Along::Width, &[1, steps, c]) | (Along::Height, &[steps, 1, c]) => {
                Some(vec![steps, c])
            }
            _ => None,
        }
    }
}

/// Rewrites every run of 2-D layers on a one-row image as 1-D layers.
pub(super) fn to_1d(graph: &mut Graph) {
    let mut removed = vec![false; graph.nodes.len()];
    for start in 0..graph.nodes.len() {
        if let Some(run) = find_run(graph, &removed, start) {
            apply(graph, &mut removed, run);
        }
    }
    let mut i = 0;
    graph.nodes.retain(|_| {
        i += 1;
        !removed[i - 1]
    });
}

/// A run found: the expanding reshape, the layers and their 1-D forms, and
/// the reshape or flatten that ends it.
struct Run {
    along: Along,
    expand: usize,
    layers: Vec<(usize, Layer)>,
    end: usize,
}

fn find_run(graph: &Graph, removed: &[bool], expand: usize) -> Option<Run> {
    let node = &graph.nodes[expand];
    let Layer::Reshape(Reshape { shape }) = &node.layer else {
        return None;
    };
    let input = &graph.values[*node.inputs.first()?].shape;
    let along = [Along::Width, Along::Height]
        .into_iter()
        .find(|a| a.sequence(shape).as_ref() == Some(input))?;
    let mut layers = Vec::new();
    let mut value = node.output;
    loop {
        let next = only_reader(graph, removed, value)?;
        let layer = &graph.nodes[next].layer;
        if matches!(layer, Layer::Reshape(_) | Layer::Flatten(_)) {
            return (!layers.is_empty()).then_some(Run {
                along,
                expand,
                layers,
                end: next,
            });
        }
        let output = graph.nodes[next].output;
        along.sequence(&graph.values[output].shape)?;
        layers.push((next, along_steps(layer, along)?));
        value = output;
    }
}

/// The node that reads `value`, if exactly one does and it is not the
/// model output.
fn only_reader(graph: &Graph, removed: &[bool], value: ValueId) -> Option<usize> {
    if graph.is_output(value) {
        return None;
    }
    let mut readers = graph
        .nodes
        .iter()
        .enumerate()
        .filter(|&(i, n)| !removed[i] && n.inputs.contains(&value));
    let (index, node) = readers.next()?;
    (readers.next().is_none() && node.inputs.len() == 1).then_some(index)
}

/// The 1-D form of a layer on a one-row image, if it has one.
fn along_steps(layer: &Layer, along: Along) -> Option<Layer> {
    let pool = |p: &Pool| {
        along
            .steps(p.kernel, p.stride)
            .map(|(kernel, stride)| Pool1d {
                kernel,
                stride,
                padding: p.padding,
            })
    };
    Some(match layer {
        Layer::Conv2d(c) => {
            let (kernel, stride) = along.steps(c.kernel, c.stride)?;
            Layer::from(Conv1d {
                filters: c.filters,
                kernel,
                stride,
                padding: c.padding,
            })
        }
        Layer::DepthwiseConv2d(d) => {
            let (kernel, stride) = along.steps(d.kernel, d.stride)?;
            Layer::from(DepthwiseConv1d {
                kernel,
                multiplier: d.multiplier,
                stride,
                padding: d.padding,
            })
        }
        Layer::MaxPool(MaxPool(p)) => Layer::from(MaxPool1d(pool(p)?)),
        Layer::AvgPool(AvgPool(p)) => Layer::from(AvgPool1d(pool(p)?)),
        Layer::Relu(_) | Layer::Relu6(_) => layer.clone(),
        _ => return None,
    })
}

fn apply(graph: &mut Graph, removed: &mut [bool], run: Run) {
    let Run {
        along,
        expand,
        layers,
        end,
    } = run;
    let sequence = graph.nodes[expand].inputs[0];
    removed[expand] = true;
    let first = layers[0].0;
    graph.nodes[first].inputs = vec![sequence];
    let mut last = first;
    for (index, layer) in layers {
        graph.nodes[index].layer = layer;
        let output = graph.nodes[index].output;
        let shape = &mut graph.values[output].shape;
        // `find_run` checked that every output is a one-row image.
        if let Some(steps) = along.sequence(shape) {
            *shape = steps;
        }
        last = index;
    }
    // A reshape back to `[steps, channels]` now does nothing.
    let end_output = graph.nodes[end].output;
    if graph.values[end_output].shape == graph.values[graph.nodes[last].output].shape {
        graph.nodes[last].output = end_output;
        removed[end] = true;
    }
}
