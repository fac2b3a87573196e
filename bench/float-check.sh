#!/usr/bin/env bash
# No floating point in int8 inference: disassembles the `predict` of every
# int8 model as built for the Cortex-M4F (thumbv7em-none-eabihf, the
# firmware's release profile, fat LTO) together with every function it calls,
# and fails when that code holds an FPU instruction (vadd.f32, vmul.f32,
# vcvt, vldr, vstr, vmov to or from s/d registers, vpush/vpop, vmrs, …: on a
# Cortex-M4 every `v…` instruction is an FPU one) or calls a floating-point
# helper (__aeabi_f*/__aeabi_d*, __addsf3, __floatsisf, __fixsfsi, libm, …).
#
#   bash bench/float-check.sh
#
# It reads the size probes of examples/cortex-m4: in `size-<model>`, the
# model's `predict` runs inside an `#[inline(never)]` wrapper whose symbol is
# `size_<model>::predict`; with fat LTO the kernels are inlined into it, and
# whatever is not is followed through its branches (calls and tail calls),
# transitively. The panic machinery is not followed: a panic ends inference
# (bench/panic-check.sh shows that none is reachable in practice).
#
# Self-test, every run: the f32 digits model must be flagged (hundreds of
# FPU instructions). If it is not, the check itself is broken and fails.
# The fixed-point digits models are reported for information only.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
FW=$ROOT/examples/cortex-m4
ELF=$FW/target/thumbv7em-none-eabihf/release

# The models whose inference must be integer-only.
INT8=(digits-int8 kws vww ic ad)
# Must be flagged (self-test), and reported for information.
FLOAT=(digits-f32)
FIXED=(digits-i16f16 digits-i8f8)

if command -v arm-none-eabi-objdump >/dev/null; then
    OBJDUMP=arm-none-eabi-objdump
else
    OBJDUMP="$(rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin/llvm-objdump"
fi

(cd "$FW" && cargo build --release --bins --quiet)

# The analyzer: reads `objdump -d -C` output on stdin, walks the functions
# reachable from the symbol given as argument, prints the float use found.
# Exit status 0 when none, 1 when some, 2 when the symbol is missing, 3 when
# only an indirect branch could not be followed.
ANALYZER='
import re, sys

root = sys.argv[1]
# "00000624 <size_kws::predict>:" starts a function; "     626:\tmnemonic\toperands".
header = re.compile(r"^([0-9a-f]+) <(.+)>:$")
insn = re.compile(r"^\s+([0-9a-f]+):\s+(\S+)\s*(.*)$")
# A branch target: "3f4 <name>" or "3f4 <name+0x10>".
target = re.compile(r"^(?:[0-9a-f]+) <(.+?)(?:\+0x[0-9a-f]+)?>")
functions = {}
name = None
for line in sys.stdin:
    line = line.rstrip("\n")
    m = header.match(line)
    if m:
        name = m.group(2)
        functions.setdefault(name, [])
        continue
    m = insn.match(line)
    if m and name is not None:
        functions[name].append((m.group(1), m.group(2), m.group(3)))
if root not in functions:
    print(f"  no symbol {root}")
    sys.exit(2)

# Not followed: a panic ends inference (see bench/panic-check.sh).
panics = re.compile(r"core::panicking::|core::slice::index::|unwrap_failed|expect_failed|"
                    r"rust_begin_unwind|core::option::|core::result::|panic_semihosting|core::fmt::")
# Software floating point: compiler-builtins / libgcc helpers, libm, or any
# function whose name mentions f32/f64 (an out-of-line float operation).
helpers = re.compile(r"__aeabi_(?:[fd]|[iul]+2[fd]|[fd]2)|__(?:add|sub|mul|div|neg|pow)[sd]f\d|"
                     r"__(?:fix|float)\w*[sd]f\w*|__(?:extend|trunc)[sd]f|__(?:eq|ne|lt|le|gt|ge|un|cmp)[sd]f2|"
                     r"compiler_builtins::float|libm::|\bf32\b|\bf64\b|(?:sqrt|exp|log|floor|ceil|round|fma|pow)f?$")
branch = re.compile(r"^(?:bl|blx|b|bx|cbz|cbnz|b(?:eq|ne|cs|cc|hs|lo|mi|pl|vs|vc|hi|ls|ge|lt|gt|le|al))(?:\.[nw])?$")

seen, todo, findings, indirect, stopped = set(), [root], [], [], set()
while todo:
    f = todo.pop()
    if f in seen:
        continue
    seen.add(f)
    for addr, mnemonic, operands in functions.get(f, []):
        if mnemonic.startswith("v"):
            findings.append(f"{f} {addr}: {mnemonic} {operands}")
            continue
        if not branch.match(mnemonic):
            continue
        if mnemonic in ("blx", "bx") and not operands.startswith("lr"):
            if re.match(r"^r\d|^ip|^sl|^fp", operands):
                indirect.append(f"{f} {addr}: {mnemonic} {operands}")
            continue
        m = target.match(operands.split(",")[-1].strip())
        if not m or m.group(1) == f:
            continue
        callee = m.group(1)
        if helpers.search(callee):
            findings.append(f"{f} {addr}: {mnemonic} {callee} (floating-point helper)")
        elif panics.search(callee):
            stopped.add(callee)
        else:
            todo.append(callee)

print(f"  {len(seen)} function(s) reachable from {root}: " + ", ".join(sorted(seen)))
if stopped:
    print(f"  not followed (panic path): " + ", ".join(sorted(stopped)))
for line in indirect:
    print(f"  indirect branch, not followed: {line}")
if findings:
    kinds = {}
    for line in findings:
        word = line.split(": ", 1)[1].split()[0]
        kinds[word] = kinds.get(word, 0) + 1
    print(f"  {len(findings)} floating-point instruction(s) or call(s): "
          + ", ".join(f"{k} ×{v}" for k, v in sorted(kinds.items())))
    for line in findings[:40]:
        print(f"    {line}")
    if len(findings) > 40:
        print(f"    … and {len(findings) - 40} more")
    sys.exit(1)
sys.exit(3 if indirect else 0)
'

# check MODEL: prints the float use reachable from size_<model>::predict;
# exit status 0 when none, 1 when some, 2 when the symbol is missing.
check() {
    local model=$1
    local symbol="size_${model//-/_}::predict"
    "$OBJDUMP" -d -C --no-show-raw-insn "$ELF/size-$model" | python3 -c "$ANALYZER" "$symbol"
}

failed=0
# Self-test of the helper-call detection (the f32 model below shows the FPU
# instructions): a soft-float call, reached through a tail call, is flagged.
status=0
python3 -c "$ANALYZER" "probe::predict" >/dev/null <<'FIXTURE' || status=$?
00000100 <probe::predict>:
     100:	push	{r7, lr}
     102:	b.w	200 <kernel>
00000200 <kernel>:
     200:	ldrsb	r0, [r1]
     204:	bl	300 <__aeabi_fmul>
     208:	pop	{r7, pc}
00000300 <__aeabi_fmul>:
     300:	bx	lr
FIXTURE
if [ "$status" -ne 1 ]; then
    echo "float-check: SELF-TEST FAILED: a call to __aeabi_fmul was not flagged" >&2
    failed=1
else
    echo "float-check: self-test passed: a soft-float helper call is flagged"
fi
for model in "${INT8[@]}"; do
    echo "float-check: $model (int8)"
    status=0
    check "$model" || status=$?
    case $status in
        0) echo "float-check: $model: no floating point" ;;
        1) echo "float-check: $model: FLOATING POINT in int8 inference" >&2; failed=1 ;;
        2)
            case $model in
                digits-*) echo "float-check: $model: no predict symbol" >&2; failed=1 ;;
                # The MLPerf probes are empty without the MLPerf models.
                *) echo "float-check: $model: skipped (built without the MLPerf Tiny models)" ;;
            esac ;;
        *) echo "float-check: $model: an indirect branch that the check cannot follow" >&2; failed=1 ;;
    esac
done
for model in "${FIXED[@]}"; do
    echo "float-check: $model (fixed point, for information)"
    check "$model" >"$ELF/float-check-$model.txt" || true
    head -n 2 "$ELF/float-check-$model.txt"
done
for model in "${FLOAT[@]}"; do
    echo "float-check: $model (f32, self-test: must be flagged)"
    status=0
    check "$model" >"$ELF/float-check-$model.txt" || status=$?
    head -n 8 "$ELF/float-check-$model.txt"
    if [ "$status" -ne 1 ]; then
        echo "float-check: SELF-TEST FAILED: the f32 model $model was not flagged; the check cannot see floating point" >&2
        failed=1
    else
        echo "float-check: self-test passed: $model flagged"
    fi
done
if [ "$failed" -ne 0 ]; then
    echo "float-check: FAILED" >&2
    exit 1
fi
echo "float-check: passed"
