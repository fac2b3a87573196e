#!/usr/bin/env bash
# No panic path in the kernels: every call into Rust's panic machinery
# (bounds checks, slice index failures, unwrap/expect, overflow, `panic!`)
# from the release code of the kernel wrappers `k_*` of this firmware (each
# wraps one int8 kernel at KWS's shapes, fat LTO, as a model's `predict`
# would inline it) and of the kernels' out-of-line helpers
# (`tinyml_kernels::int8::*` but the reference) is listed, and the script
# fails when there is one.
# bench/panic-check.sh does the same for whole models of examples/cortex-m4.
set -euo pipefail
cd "$(dirname "$0")"
cargo build --release --quiet
ELF=target/thumbv7em-none-eabihf/release/kernels-m4
BIN=$(rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin
PANICS='core::panicking::|core::slice::index::slice_.*fail|unwrap_failed|expect_failed|rust_begin_unwind|core::option::|core::result::'
targets=$("$BIN/llvm-nm" -C "$ELF" | awk -v re="$PANICS" '$0 ~ re { print $1 }' | sort -u)
found=0
for sym in $("$BIN/llvm-nm" "$ELF" | awk '$3 ~ /kernels_m4[0-9]+k_|tinyml_kernels4int8/ && $3 !~ /reference/ { print $3 }'); do
    name=$("$BIN/llvm-nm" -C "$ELF" | awk -v a="$("$BIN/llvm-nm" "$ELF" | awk -v s="$sym" '$3 == s { print $1 }')" '$1 == a { print $3 }' | head -n 1)
    calls=$("$BIN/llvm-objdump" -d --no-show-raw-insn "$ELF" --disassemble-symbols="$sym" |
        awk -v targets="$targets" 'BEGIN { n = split(targets, t, "\n"); for (i = 1; i <= n; i++) p[t[i]] = 1 }
            $2 ~ /^b/ { a = $3; sub(/^0x/, "", a); a = substr("00000000" a, length(a) + 1); if (a in p) print $1, $2, $3, $4 }')
    if [ -n "$calls" ]; then
        echo "panic-check: $name calls into the panic machinery:"
        echo "$calls"
        found=1
    else
        echo "panic-check: $name: no panic path"
    fi
done
exit $found
