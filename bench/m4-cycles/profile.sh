#!/usr/bin/env bash
# Where one inference spends its instructions, by function: runs the
# firmware's `exact=MODEL:1` mode (one inference of MODEL on input 0) under
# the cycle plugin with a per-address profile, and sums it per symbol.
#
#   bash bench/m4-cycles/profile.sh ELF MODEL [TOP]
#
# ELF: a firmware of examples/cortex-m4 built for thumbv7em (its
# target/thumbv7em-none-eabihf/release/tinyml-cortex-m4). The counts include
# the harness's start-up (a few ten thousand instructions), and the cycle
# column leaves out the refills of taken branches.
set -euo pipefail
elf=$1 model=$2 top=${3:-15}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gcc -shared -fPIC -O2 -fvisibility=hidden -o "$work/libm4cycles.so" "$here/m4-cycles.c"
qemu-system-arm -M mps2-an386 -nographic -monitor none -serial none \
    -semihosting-config enable=on,target=native -icount shift=6,align=off,sleep=off \
    -plugin "$work/libm4cycles.so,profile=$work/profile.txt" -kernel "$elf" \
    -append "exact=$model:1" >/dev/null 2>&1 || true
nm=$(rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin/llvm-nm
"$nm" -C --defined-only -n "$elf" | grep -i ' t ' >"$work/symbols.txt"
python3 - "$work/symbols.txt" "$work/profile.txt" "$top" <<'PY'
import bisect, sys
symbols = []
for line in open(sys.argv[1]):
    address, _, name = line.rstrip("\n").split(" ", 2)
    symbols.append((int(address, 16) & ~1, name))
symbols.sort()
starts = [a for a, _ in symbols]
totals = {}
for line in open(sys.argv[2]):
    address, count, cycles = line.split()
    i = bisect.bisect_right(starts, int(address, 16)) - 1
    name = symbols[i][1] if i >= 0 else "?"
    c, y = totals.get(name, (0, 0))
    totals[name] = (c + int(count), y + int(cycles))
everything = sum(c for c, _ in totals.values())
print(f"{'instructions':>12} {'share':>6} {'cycles*':>12}  function")
for name, (count, cycles) in sorted(totals.items(), key=lambda kv: -kv[1][0])[: int(sys.argv[3])]:
    print(f"{count:12d} {100 * count / everything:5.1f}% {cycles:12d}  {name[:110]}")
print(f"{everything:12d}   all (* cycles without branch refills)")
PY
