//! The rustdoc of a generated model: a table of its layers and its memory.

use std::fmt::Write;

use crate::check::shape_text;
use crate::ir::{Model, Op};
use crate::plan::Plan;

pub(crate) fn table(model: &Model, plan: &Plan, params: usize, macs: usize) -> String {
    let elem = model.elem;
    let mut doc = String::new();
    let _ = writeln!(doc, "\n# Model\n");
    let _ = writeln!(
        doc,
        "Declared with `tiny_model!`; element type `{}`.\n",
        elem.display_name()
    );
    let _ = writeln!(doc, "| # | layer | output | params | MACs |");
    let _ = writeln!(doc, "|--:|-------|--------|-------:|-----:|");
    let _ = writeln!(
        doc,
        "| | input | {} | | |",
        shape_text(&model.tensors[0].shape)
    );
    for (row, node) in model.nodes.iter().enumerate() {
        let output = &model.tensors[node.output];
        let node_params = node.op.params().map_or(0, |p| p.weights.len + p.bias.len);
        let node_macs = node.op.macs(output.len());
        let inputs = if matches!(node.op, Op::Add { .. }) {
            " (2 inputs)"
        } else {
            ""
        };
        let _ = writeln!(
            doc,
            "| {row} | `{}`{inputs} | {} | {} | {} |",
            node.label,
            shape_text(&output.shape),
            grouped(node_params),
            grouped(node_macs)
        );
    }
    let bytes = plan.arena_len * elem.size_bytes();
    let _ = writeln!(
        doc,
        "| | **total** | {} | {} | {} |",
        shape_text(&model.tensors[model.output].shape),
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
