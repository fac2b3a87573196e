#!/usr/bin/env bash
# Disassembles one kernel wrapper of the release firmware: bash dis.sh pointwise
set -euo pipefail
cd "$(dirname "$0")"
BIN=$(rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin
FW=target/thumbv7em-none-eabihf/release/kernels-m4
SYM=$("$BIN/llvm-nm" "$FW" | grep "k_$1" | awk '{print $3}')
"$BIN/llvm-objdump" -d --no-show-raw-insn "$FW" --disassemble-symbols="$SYM" | tail -n +7
