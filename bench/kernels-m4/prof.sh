#!/usr/bin/env bash
# Profiles one kernel wrapper of the release firmware under QEMU: every
# instruction of `k_<name>` annotated with how often it ran (all calls of the
# run: the measured one, the stack probe...). Usage: bash prof.sh pointwise
set -euo pipefail
cd "$(dirname "$0")"
BIN=$(rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin
FW=target/thumbv7em-none-eabihf/release/kernels-m4
mkdir -p target/prof
gcc -shared -fPIC -O2 -fvisibility=hidden -o target/prof/libpcprof.so tools/qemu-pcprof.c
cargo build --release -q
read -r ADDR SIZE < <("$BIN/llvm-nm" -S "$FW" | awk -v s="k_$1" '$4 ~ s {print $1, $2}')
LO=$((16#$ADDR & ~1)); HI=$((LO + 16#$SIZE))
timeout 300 qemu-system-arm -M mps2-an386 -nographic -monitor none -serial none \
    -semihosting-config enable=on,target=native -icount shift=6,align=off,sleep=off \
    -plugin "target/prof/libpcprof.so,lo=$LO,hi=$HI,out=target/prof/$1.txt" -kernel "$FW" >/dev/null
SYM=$("$BIN/llvm-nm" "$FW" | awk -v s="k_$1" '$3 ~ s {print $3}')
"$BIN/llvm-objdump" -d --no-show-raw-insn "$FW" --disassemble-symbols="$SYM" | tail -n +7 |
    awk -v prof="target/prof/$1.txt" 'BEGIN { while ((getline l < prof) > 0) { split(l, a, " "); c[a[1]] = a[2] } }
         { pc = $1; sub(":", "", pc); printf "%10s %s\n", (pc in c) ? c[pc] : "", $0 }'
