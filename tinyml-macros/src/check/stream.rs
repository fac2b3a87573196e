//! `input[steps, channels] streaming`: which layers run frame by frame
//! (the stages of [`ir::Stream`]) and which form the head recomputed over
//! the last window; a layer with no streaming form is reported on its name.

use proc_macro2::Ident;
use tinyml_spec::{Layer, Padding, Window, shape_text};

use crate::ctxt::Ctxt;
use crate::ir::{self, Graph, Stage, StageState};

/// The layers that begin the head: they read the whole window at once.
const HEAD_STARTS: &str = "`global_avg_pool`, `mean`, `flatten` or `reshape`";

/// Splits the checked `graph` into stages and a head, or reports why it
/// cannot stream.
pub(crate) fn split(
    graph: &Graph,
    ports: (usize, usize),
    token: &Ident,
    cx: &Ctxt,
) -> Option<ir::Stream> {
    if ports != (1, 1) {
        cx.error(
            token.span(),
            "a streaming model has one input and one output; this one has several",
        );
        return None;
    }
    let input = graph.shape(0);
    if input.len() != 2 {
        cx.error(
            token.span(),
            format_args!(
                "`streaming` needs a `[steps, channels]` input (`step` takes one frame of `channels` values, a window is `steps` frames), but the input is {}",
                shape_text(input)
            ),
        );
        return None;
    }
    let mut stages: Vec<Stage> = Vec::new();
    let mut current = 0;
    let mut head = graph.nodes.len();
    for (index, node) in graph.nodes.iter().enumerate() {
        if node.inputs != [current] {
            cx.error(
                node.extra.span,
                format_args!(
                    "`{}` cannot stream: a streaming model is one chain of layers, each reading the one before it",
                    node.extra.label
                ),
            );
            return None;
        }
        current = node.output;
        let shape = graph.shape(node.inputs[0]);
        match time_window(&node.layer, shape) {
            Some(Ok((kernel, stride))) => stages.push(Stage {
                nodes: index..index + 1,
                state: StageState::Window { kernel, stride },
            }),
            Some(Err(())) => {
                cx.error(
                    node.extra.span,
                    format_args!(
                        "`{}` cannot stream: with `padding = same` its outputs at the window's end read zeros past its last frame, which a stream has not seen yet; use `padding = valid`",
                        node.extra.label
                    ),
                );
                return None;
            }
            None if node.layer.kind().activation().is_some() || is_per_value(&node.layer) => {
                match stages.last_mut() {
                    Some(stage) => stage.nodes.end = index + 1,
                    None => stages.push(Stage {
                        nodes: index..index + 1,
                        state: StageState::Window {
                            kernel: 1,
                            stride: 1,
                        },
                    }),
                }
            }
            None if starts_head(&node.layer) => {
                head = index;
                break;
            }
            None => {
                cx.error(
                    node.extra.span,
                    format_args!(
                        "`{}` has no streaming form: a streaming model runs `conv1d`, `depthwise_conv1d`, `max_pool1d`, `avg_pool1d` and activations frame by frame, then {HEAD_STARTS} over the last window, then any layers",
                        node.extra.label
                    ),
                );
                return None;
            }
        }
    }
    let head_input = graph.nodes.get(head).map_or(current, |n| n.inputs[0]);
    let head_frames = graph.shape(head_input).first().copied().unwrap_or(1);
    Some(ir::Stream {
        stages,
        head,
        head_frames,
    })
}

/// For a layer over time: its kernel and stride, or `Err` if it pads
/// (`padding = same` that differs from `valid` on this input).
fn time_window(layer: &Layer, input: &[usize]) -> Option<Result<(usize, usize), ()>> {
    let (window, kernel, stride, padding): (Result<Window, _>, _, _, _) = match layer {
        Layer::Conv1d(op) => (op.window(input), op.kernel, op.stride, op.padding),
        Layer::DepthwiseConv1d(op) => (op.window(input), op.kernel, op.stride, op.padding),
        Layer::MaxPool1d(op) => (
            op.0.window("max_pool1d", input),
            op.0.kernel,
            op.0.stride,
            op.0.padding,
        ),
        Layer::AvgPool1d(op) => (
            op.0.window("avg_pool1d", input),
            op.0.kernel,
            op.0.stride,
            op.0.padding,
        ),
        _ => return None,
    };
    let steps = input.first().copied().unwrap_or(0);
    let valid_outputs = steps.checked_sub(kernel).map(|n| n / stride + 1);
    let pads = match window {
        Ok(w) => padding == Padding::Same && (w.pad_left > 0 || Some(w.out_w) != valid_outputs),
        Err(_) => true,
    };
    Some(if pads { Err(()) } else { Ok((kernel, stride)) })
}

/// Element-wise layers on each value alone (besides `relu`/`relu6`).
fn is_per_value(layer: &Layer) -> bool {
    matches!(
        layer,
        Layer::LeakyRelu(_) | Layer::Sigmoid(_) | Layer::Tanh(_) | Layer::HardSwish(_)
    )
}

fn starts_head(layer: &Layer) -> bool {
    matches!(
        layer,
        Layer::GlobalAvgPool(_) | Layer::Mean(_) | Layer::Flatten(_) | Layer::Reshape(_)
    )
}
