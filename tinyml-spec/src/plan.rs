//! Compile-time memory planning: every activation tensor gets a fixed offset
//! in one arena, so a model's RAM is a constant and no layer owns a buffer.
//!
//! Tensors that share memory (a reshape, an in-place relu or softmax, an
//! `i8` pointwise or depthwise convolution whose kernel works in place) form
//! one buffer. A buffer lives from the step that writes it to the last step that
//! reads it. The arena starts at the largest sum of buffers live at one step (a
//! lower bound no plan can beat) and buffers are placed greedily, each at the
//! end of the arena opposite to its producer's input. For a straight chain
//! that alternates ends and always fits the bound: the arena is the largest
//! (input + output) pair of any layer.

use alloc::vec;
use alloc::vec::Vec;

use crate::graph::Graph;
use crate::ops::Memory;

/// Where a tensor lives.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Storage {
    /// The caller's input array.
    External,
    /// `arena[offset..offset + len]`, in elements.
    Arena(usize),
}

/// Where every tensor lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// Arena length in elements.
    pub arena_len: usize,
    /// Per tensor.
    pub storage: Vec<Storage>,
    /// Set when the output would be the caller's own input (as in
    /// `input[4] -> flatten;`): predict copies it here first.
    pub output_copy: Option<usize>,
    /// Per node, the offset of its scratch region ([`Op::scratch`](crate::Op::scratch)
    /// elements, live during its step only), for the nodes that need one.
    pub scratch: Vec<Option<usize>>,
}

struct Buffer {
    len: usize,
    first_step: usize,
    last_step: usize,
    /// The buffer the producing step reads (for the placement preference).
    fed_by: Option<usize>,
}

/// Plans `graph` (its scratch sizes and in-place layers depend on
/// `graph.int8`).
/// Every model output lives to the end; `output_copy` is for a single output
/// that is the caller's input.
pub fn plan<X>(graph: &Graph<X>) -> Plan {
    let output = graph.output();
    let steps = graph.nodes.len();
    // Buffer of each tensor; `None` for the external input.
    let mut buffer_of: Vec<Option<usize>> = vec![None; graph.tensors.len()];
    let mut buffers: Vec<Buffer> = Vec::new();
    let mut last_read = vec![0usize; graph.tensors.len()];
    for (step, node) in graph.nodes.iter().enumerate() {
        for &input in &node.inputs {
            last_read[input] = step;
        }
    }
    for output in graph.outputs() {
        last_read[output] = steps;
    }
    for (step, node) in graph.nodes.iter().enumerate() {
        let input = node.inputs[0];
        // A relu or softmax may overwrite its input only if no tensor in the
        // same buffer is read after this step.
        let buffer_dies_here = |buffer: usize| {
            (0..node.output).all(|t| buffer_of[t] != Some(buffer) || last_read[t] <= step)
        };
        let memory = node.layer.memory(graph.shape(input), graph.int8);
        let shares = match (memory, buffer_of[input]) {
            (Memory::Alias, _) => true,
            (Memory::InPlace, Some(buffer)) => buffer_dies_here(buffer),
            _ => false,
        };
        if shares {
            buffer_of[node.output] = buffer_of[input];
            // An in-place output may be smaller than its input (a pointwise
            // convolution to fewer channels): the buffer keeps the larger.
            if let Some(buffer) = buffer_of[input] {
                let len = &mut buffers[buffer].len;
                *len = (*len).max(graph.elements(node.output));
            }
        } else {
            buffer_of[node.output] = Some(buffers.len());
            let fed_by = node.inputs.iter().find_map(|&t| buffer_of[t]);
            buffers.push(Buffer {
                len: graph.elements(node.output),
                first_step: step,
                last_step: step,
                fed_by,
            });
        }
    }
    for (tensor, &last) in last_read.iter().enumerate() {
        if let Some(buffer) = buffer_of[tensor] {
            buffers[buffer].last_step = buffers[buffer].last_step.max(last);
        }
    }
    let mut scratch_of: Vec<Option<usize>> = vec![None; steps];
    for (step, node) in graph.nodes.iter().enumerate() {
        let len = node.layer.scratch(graph.shape(node.inputs[0]), graph.int8);
        if len > 0 {
            scratch_of[step] = Some(buffers.len());
            buffers.push(Buffer {
                len,
                first_step: step,
                last_step: step,
                fed_by: None,
            });
        }
    }
    let output_copy_len = buffer_of[output].is_none().then(|| graph.elements(output));
    if let Some(len) = output_copy_len {
        buffers.push(Buffer {
            len,
            first_step: steps,
            last_step: steps,
            fed_by: None,
        });
    }
    let offsets = place(&buffers);
    let arena_len = buffers
        .iter()
        .zip(&offsets)
        .map(|(b, o)| o + b.len)
        .max()
        .unwrap_or(0);
    let storage = buffer_of
        .iter()
        .map(|buffer| buffer.map_or(Storage::External, |b| Storage::Arena(offsets[b])))
        .collect();
    Plan {
        arena_len,
        storage,
        output_copy: output_copy_len.map(|_| offsets[buffers.len() - 1]),
        scratch: scratch_of.iter().map(|b| b.map(|b| offsets[b])).collect(),
    }
}

fn overlaps_in_time(a: &Buffer, b: &Buffer) -> bool {
    a.first_step <= b.last_step && b.first_step <= a.last_step
}

/// Offsets for every buffer, in elements.
fn place(buffers: &[Buffer]) -> Vec<usize> {
    let steps = buffers.iter().map(|b| b.last_step + 1).max().unwrap_or(0);
    let lower_bound = (0..steps)
        .map(|step| {
            buffers
                .iter()
                .filter(|b| b.first_step <= step && step <= b.last_step)
                .map(|b| b.len)
                .sum()
        })
        .max()
        .unwrap_or(0);
    let mut size = lower_bound;
    loop {
        match try_place(buffers, size) {
            Ok(offsets) => return offsets,
            Err(needed) => size = needed.max(size + 1),
        }
    }
}

/// Places every buffer within `size`, or says how large the arena must at
/// least grow for the first buffer that did not fit.
fn try_place(buffers: &[Buffer], size: usize) -> Result<Vec<usize>, usize> {
    let mut offsets: Vec<usize> = Vec::with_capacity(buffers.len());
    for (index, buffer) in buffers.iter().enumerate() {
        let conflicts: Vec<(usize, usize)> = buffers[..index]
            .iter()
            .zip(&offsets)
            .filter(|(other, _)| overlaps_in_time(buffer, other))
            .map(|(other, &offset)| (offset, offset + other.len))
            .collect();
        let fits = |offset: usize| {
            offset + buffer.len <= size
                && conflicts
                    .iter()
                    .all(|&(lo, hi)| offset + buffer.len <= lo || offset >= hi)
        };
        let mut candidates: Vec<usize> = vec![0, size.saturating_sub(buffer.len)];
        for &(lo, hi) in &conflicts {
            candidates.push(hi);
            candidates.extend(lo.checked_sub(buffer.len));
        }
        candidates.retain(|&offset| fits(offset));
        let input_low = buffer
            .fed_by
            .is_some_and(|fed| 2 * offsets[fed] + buffers[fed].len <= size);
        let chosen = if input_low {
            candidates.iter().max()
        } else {
            candidates.iter().min()
        };
        match chosen {
            Some(&offset) => offsets.push(offset),
            None => {
                let above_all = conflicts.iter().map(|&(_, hi)| hi).max().unwrap_or(0);
                return Err(above_all + buffer.len);
            }
        }
    }
    Ok(offsets)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::Layer;
    use crate::ops::add::Add;
    use crate::ops::binary::Operand;
    use crate::ops::conv2d::Conv2d;
    use crate::ops::dense::Dense;
    use crate::ops::depthwise_conv2d::DepthwiseConv2d;
    use crate::ops::global_avg_pool::GlobalAvgPool;
    use crate::vocab::Padding;

    fn conv(filters: usize, kernel: usize, stride: usize) -> Layer {
        Layer::from(Conv2d {
            filters,
            kernel: (kernel, kernel),
            stride: (stride, stride),
            padding: Padding::Same,
        })
    }

    fn depthwise() -> Layer {
        Layer::from(DepthwiseConv2d {
            kernel: (3, 3),
            multiplier: 1,
            stride: (1, 1),
            padding: Padding::Same,
        })
    }

    /// A graph of `layers` in a chain on an `input`, in `i8` or not.
    fn graph(input: &[usize], layers: &[Layer], int8: bool) -> Graph<()> {
        let mut graph = Graph::new(input.to_vec(), if int8 { 1 } else { 4 }).unwrap();
        graph.int8 = int8;
        for layer in layers {
            let last = graph.output();
            graph.push(layer.clone(), vec![last], ()).unwrap();
        }
        graph
    }

    #[test]
    fn int8_separable_chain_runs_in_one_buffer() {
        // KWS: a strided conv2d to [25, 5, 64], then depthwise/pointwise
        // pairs, pooling and a dense layer.
        let mut layers = vec![conv(64, 4, 2)];
        for _ in 0..4 {
            layers.extend([depthwise(), conv(64, 1, 1)]);
        }
        layers.extend([Layer::from(GlobalAvgPool), Layer::from(Dense { units: 12 })]);
        let input = [49, 10, 1];
        // Two [25, 5, 64] tensors at a time, ping-ponged; in `i8`, one, and
        // the pooled 64 beside it.
        assert_eq!(plan(&graph(&input, &layers, false)).arena_len, 16_000);
        let int8 = plan(&graph(&input, &layers, true));
        assert_eq!(int8.arena_len, 8_000 + 64);
        assert!(int8.storage[1..=9].iter().all(|&s| s == int8.storage[1]));
    }

    #[test]
    fn pointwise_to_more_channels_is_not_in_place() {
        let layers = [conv(8, 3, 1), conv(16, 1, 1)];
        let plan = plan(&graph(&[4, 4, 2], &layers, true));
        assert_ne!(plan.storage[1], plan.storage[2]);
        assert_eq!(plan.arena_len, 16 * 8 + 16 * 16);
    }

    #[test]
    fn pointwise_to_fewer_channels_keeps_the_larger_size() {
        let layers = [conv(8, 3, 1), conv(3, 1, 1), Layer::from(GlobalAvgPool)];
        let plan = plan(&graph(&[4, 4, 2], &layers, true));
        assert_eq!(plan.storage[1], plan.storage[2]);
        // The shared buffer keeps its 128 values while the pool writes 3.
        assert_eq!(plan.arena_len, 16 * 8 + 3);
    }

    #[test]
    fn tensor_read_later_is_not_overwritten() {
        // A residual: x feeds the pointwise and the add after it.
        let mut graph = graph(&[4, 4, 2], &[conv(8, 3, 1)], true);
        let x = graph.output();
        let y = graph.push(conv(8, 1, 1), vec![x], ()).unwrap();
        graph
            .push(Layer::from(Add(Operand::Tensor)), vec![x, y], ())
            .unwrap();
        let plan = plan(&graph);
        assert_ne!(plan.storage[x], plan.storage[y]);
        assert_eq!(plan.arena_len, 3 * 16 * 8);
    }

    fn chain(lens: &[usize]) -> Vec<Buffer> {
        lens.iter()
            .enumerate()
            .map(|(i, &len)| Buffer {
                len,
                first_step: i,
                last_step: i + 1,
                fed_by: i.checked_sub(1),
            })
            .collect()
    }

    fn assert_valid(buffers: &[Buffer], offsets: &[usize]) {
        for (i, a) in buffers.iter().enumerate() {
            for (j, b) in buffers.iter().enumerate().skip(i + 1) {
                if overlaps_in_time(a, b) {
                    let disjoint =
                        offsets[i] + a.len <= offsets[j] || offsets[j] + b.len <= offsets[i];
                    assert!(disjoint, "buffers {i} and {j} overlap");
                }
            }
        }
    }

    #[test]
    fn chain_needs_only_the_largest_pair() {
        let buffers = chain(&[10, 10, 15, 3, 40, 2]);
        let offsets = place(&buffers);
        assert_valid(&buffers, &offsets);
        let arena = buffers
            .iter()
            .zip(&offsets)
            .map(|(b, o)| o + b.len)
            .max()
            .unwrap();
        assert_eq!(arena, 43);
    }

    #[test]
    fn long_lived_buffer_is_kept_apart() {
        // A residual: buffer 0 is read again at step 3.
        let mut buffers = chain(&[16, 16, 16, 16]);
        buffers[0].last_step = 3;
        let offsets = place(&buffers);
        assert_valid(&buffers, &offsets);
        let arena = buffers
            .iter()
            .zip(&offsets)
            .map(|(b, o)| o + b.len)
            .max()
            .unwrap();
        assert_eq!(arena, 48);
    }
}
