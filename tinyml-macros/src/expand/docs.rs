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
    let _ = writeln!(
        doc,
        "\nRAM: {} bytes of activation memory (`RAM_BYTES`), planned at compile time. Weights: {} bytes in flash.",
        grouped(bytes),
        grouped(params * elem.size_bytes())
    );
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
