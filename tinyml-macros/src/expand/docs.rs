//! The rustdoc of a generated model: a table of its layers and its memory.

use std::fmt::Write;

use tinyml_spec::plan::Plan;
use tinyml_spec::shape_text;

use crate::ir::Model;

pub(crate) fn table(model: &Model, plan: &Plan) -> String {
    let (elem, graph) = (model.elem, &model.graph);
    let (params, macs) = (graph.params(), graph.macs());
    let mut doc = String::new();
    let _ = writeln!(doc, "\n# Model\n");
    let _ = writeln!(
        doc,
        "Declared with `tiny_model!`; element type `{}`.\n",
        elem.display_name()
    );
    let _ = writeln!(doc, "| # | layer | output | params | MACs |");
    let _ = writeln!(doc, "|--:|-------|--------|-------:|-----:|");
    for port in &model.inputs {
        let name = port
            .name
            .as_ref()
            .map_or_else(String::new, |n| format!(" `{n}`"));
        let _ = writeln!(
            doc,
            "| | input{name} | {} | | |",
            shape_text(graph.shape(port.tensor))
        );
    }
    for (row, node) in graph.nodes.iter().enumerate() {
        let (node_params, node_macs) = (graph.node_params(node), graph.node_macs(node));
        let inputs = match node.inputs.len() {
            1 => String::new(),
            n => format!(" ({n} inputs)"),
        };
        let _ = writeln!(
            doc,
            "| {row} | `{}`{inputs} | {} | {} | {} |",
            node.extra.label,
            shape_text(graph.shape(node.output)),
            grouped(node_params),
            grouped(node_macs)
        );
    }
    let bytes = plan.arena_len * elem.size_bytes();
    let outputs: Vec<String> = model
        .outputs
        .iter()
        .map(|port| {
            let name = port
                .name
                .as_ref()
                .map_or_else(String::new, |n| format!("`{n}` "));
            format!("{name}{}", shape_text(graph.shape(port.tensor)))
        })
        .collect();
    let _ = writeln!(
        doc,
        "| | **total** | {} | {} | {} |",
        outputs.join(", "),
        grouped(params),
        grouped(macs)
    );
    let weights = grouped(params * elem.size_bytes());
    let Some(stream) = &model.stream else {
        let _ = writeln!(
            doc,
            "\nRAM: {} bytes of activation memory (`RAM_BYTES`), planned at compile time. Weights: {weights} bytes in flash.",
            grouped(bytes),
        );
        return doc;
    };
    let _ = writeln!(
        doc,
        "\nRAM: {} bytes of activation memory, planned at compile time, and the streaming state (`STATE_BYTES`); `RAM_BYTES` counts both. Weights: {weights} bytes in flash.",
        grouped(bytes),
    );
    let frame_layers = stream.stages.iter().map(|s| s.nodes.len()).sum::<usize>();
    let streamed = match frame_layers {
        0 => "no row runs frame by frame".to_owned(),
        1 => "row 0 runs frame by frame on a window of its last input frames".to_owned(),
        n => format!(
            "rows 0 to {} run frame by frame on windows of their last input frames",
            n - 1
        ),
    };
    let last = graph.nodes.len().saturating_sub(1);
    let head = match graph.nodes.len() - stream.head {
        0 => format!("the output is the last {} frames", stream.head_frames),
        1 => format!(
            "row {} is recomputed on the last {} frames below it",
            stream.head, stream.head_frames
        ),
        _ => format!(
            "rows {} to {last} are recomputed on the last {} frames below them",
            stream.head, stream.head_frames
        ),
    };
    let _ = writeln!(doc, "\nStreaming (`step`, `reset`): {streamed}; {head}.");
    doc
}

/// `18568` → `18,568`.
pub(crate) fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
