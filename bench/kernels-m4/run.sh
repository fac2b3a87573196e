#!/usr/bin/env bash
# Builds and runs the kernel benchmark under QEMU, then prints the code size
# of each kernel wrapper (`k_*`: the kernel inlined at KWS's shapes), of the
# kernels' out-of-line helpers (`tinyml_kernels::int8::*` but the reference),
# their total, and the firmware's .text. CARGO_TARGET_DIR is honoured.
set -euo pipefail
cd "$(dirname "$0")"
cargo run --release
BIN=$(rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin
ELF=${CARGO_TARGET_DIR:-target}/thumbv7em-none-eabihf/release/kernels-m4
"$BIN/llvm-nm" -S -C "$ELF" |
    awk '$4 ~ /^(kernels_m4::k_|tinyml_kernels::int8::)/ && $4 !~ /::reference::/ {
        sub(/::h[0-9a-f]+$/, "", $4); sub(/^(kernels_m4|tinyml_kernels::int8)::/, "", $4); print $4, $2 }' |
    sort | {
        total=0
        while read -r name hex; do
            printf "SIZE %-24s %6d bytes\n" "$name" $((16#$hex))
            total=$((total + 16#$hex))
        done
        printf "SIZE %-24s %6d bytes\n" "kernels total" "$total"
    }
"$BIN/llvm-size" -A "$ELF" | awk '$1 == ".text" { printf "SIZE %-24s %6d bytes (whole firmware: harness, TFLM reference, printing)\n", ".text", $2 }'
