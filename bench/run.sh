#!/usr/bin/env bash
# Regenerates BENCHMARKS.md: our models and microflow 0.1.3 on a Cortex-M4F
# (QEMU mps2-an386), measured the same way.
#
#   bash bench/run.sh                 # writes BENCHMARKS.md at the repo root
#   bash bench/run.sh --out FILE      # writes FILE instead (CI: a scratch file)
#
# Needs what examples/cortex-m4/setup.sh installs. Environment:
#   TINYML_SHARED_DIR  the shared folder (default: ../shared beside the repo),
#                      for tools/qemu-insncount.c and mlperf-tiny/
#   TINYML_MLPERF_DIR  MLPerf Tiny models (default: $TINYML_SHARED_DIR/mlperf-tiny);
#                      microflow's rows are left out when it is absent
#
# Per model it takes:
#   * instructions: SysTick under `-icount shift=6` inside the firmware (mean
#     over every checked input), cross-checked against an exact count from the
#     QEMU TCG plugin (two runs, with and without one inference on input 0);
#   * code and weight bytes: section sizes of the size probe `size-<model>`
#     minus those of `size-baseline` (the same harness without a model);
#     weight bytes are the model's known parameter bytes, code the rest;
#   * RAM: the model's static activation memory (`RAM_BYTES`) plus the peak
#     stack of one inference (painted stack).
# Why a shell script and not an xtask: every step is a call of cargo, QEMU,
# gcc and size, and the xtask would have to live in the host workspace that
# the firmware crates deliberately stay out of.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/BENCHMARKS.md
if [ "${1:-}" = "--out" ]; then
    OUT=$2
fi
SHARED=${TINYML_SHARED_DIR:-$ROOT/../shared}
export TINYML_MLPERF_DIR=${TINYML_MLPERF_DIR:-$SHARED/mlperf-tiny}
TARGET=thumbv7em-none-eabihf
WORK=$ROOT/examples/cortex-m4/target/bench
mkdir -p "$WORK"

for tool in qemu-system-arm gcc cargo; do
    command -v "$tool" >/dev/null || { echo "bench: $tool missing; run examples/cortex-m4/setup.sh" >&2; exit 1; }
done
if command -v arm-none-eabi-size >/dev/null; then
    SIZE=arm-none-eabi-size
else
    SIZE="$(rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin/llvm-size"
fi

QEMU=(qemu-system-arm -M mps2-an386 -nographic -monitor none -serial none
      -semihosting-config enable=on,target=native -icount shift=6,align=off,sleep=off)

# The counting plugin, built from the shared source (never committed).
PLUGIN_SRC=$SHARED/tools/qemu-insncount.c
PLUGIN=$WORK/libinsncount.so
if [ -f "$PLUGIN_SRC" ]; then
    gcc -shared -fPIC -O2 -fvisibility=hidden -o "$PLUGIN" "$PLUGIN_SRC"
else
    echo "bench: no $PLUGIN_SRC: exact counts skipped" >&2
    PLUGIN=
fi

# field LINE KEY: the value of key=value in a BENCH line.
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }
# section ELF NAME: the size of a section (0 when absent).
section() { $SIZE -A "$1" | awk -v s="$2" '$1 == s { print $2; found = 1 } END { if (!found) print 0 }'; }
# flash/ram sections of an ELF as "text rodata data bss".
sections() { echo "$(section "$1" .text) $(section "$1" .rodata) $(section "$1" .data) $(section "$1" .bss)"; }
# exact ELF MODEL: instructions of one inference on input 0, from the plugin.
exact() {
    local with without
    with=$(timeout 300 "${QEMU[@]}" -plugin "$PLUGIN" -kernel "$1" -append "exact=$2:1" 2>&1 | sed -n 's/^insns: //p')
    without=$(timeout 300 "${QEMU[@]}" -plugin "$PLUGIN" -kernel "$1" -append "exact=$2:0" 2>&1 | sed -n 's/^insns: //p')
    echo $((with - without))
}

ROWS=()      # table rows
DETAILS=()   # rows of the detail table
LOGS=()      # firmware summaries

# measure DIR LIBRARY BIN: builds and runs one firmware crate, adds its rows.
measure() {
    local dir=$1 library=$2 bin=$3
    local elf=$dir/target/$TARGET/release
    echo "bench: building $dir" >&2
    (cd "$dir" && cargo build --release --bins --quiet)
    echo "bench: running $bin under QEMU" >&2
    local log=$WORK/$bin.log
    if ! timeout 600 "${QEMU[@]}" -kernel "$elf/$bin" >"$log" 2>&1; then
        cat "$log" >&2
        echo "bench: $bin failed" >&2
        exit 1
    fi
    LOGS+=("$(tail -n 1 "$log")")
    local base
    base=($(sections "$elf/size-baseline"))
    while read -r line; do
        local model kind macs insns insns0 stack ram weights checked maxdiff
        model=$(field "$line" model); kind=$(field "$line" kind); macs=$(field "$line" macs)
        insns=$(field "$line" insns); insns0=$(field "$line" insns0); stack=$(field "$line" stack)
        ram=$(field "$line" ram); weights=$(field "$line" weights); checked=$(field "$line" checked)
        maxdiff=$(field "$line" maxdiff)
        local exact_count="n/a"
        if [ -n "$PLUGIN" ]; then
            exact_count=$(exact "$elf/$bin" "$model")
            local gap=$((exact_count - insns0))
            if [ "${gap#-}" -gt 2 ]; then
                echo "bench: $model: SysTick counted $insns0 instructions, the plugin $exact_count" >&2
                exit 1
            fi
        fi
        local probe=($(sections "$elf/size-$model"))
        local text=$((probe[0] - base[0])) rodata=$((probe[1] - base[1]))
        local data=$((probe[2] - base[2])) bss=$((probe[3] - base[3]))
        local flash=$((text + rodata + data))
        local code=$((flash - weights))
        local per_mac
        per_mac=$(awk -v i="$insns" -v m="$macs" 'BEGIN { printf "%.2f", i / m }')
        ROWS+=("| $library | $model | $kind | $macs | $insns | $per_mac | $code | $weights | $((ram + stack)) | $ram + $stack |")
        DETAILS+=("| $library | $model | $insns0 | $exact_count | $(field "$line" insns_min)–$(field "$line" insns_max) | $checked | $maxdiff | $text | $rodata | $data | $bss |")
    done < <(grep '^BENCH ' "$log")
}

measure "$ROOT/examples/cortex-m4" "tinyml" tinyml-cortex-m4
if [ -d "$TINYML_MLPERF_DIR/kws" ]; then
    measure "$ROOT/bench/microflow-m4" "microflow 0.1.3" microflow-m4
else
    echo "bench: no MLPerf Tiny models at $TINYML_MLPERF_DIR: microflow rows left out" >&2
fi

RUSTC=$(cd "$ROOT/examples/cortex-m4" && rustc --version)
QEMU_VERSION=$(qemu-system-arm --version | head -n 1)
{
    cat <<EOF
# Benchmarks

Generated by \`bash bench/run.sh\`; do not edit by hand, rerun it.

- Date: $(date -u +%Y-%m-%d)
- Compiler: $RUSTC, target \`$TARGET\`, \`-C target-cpu=cortex-m4\`, release profile
  (\`opt-level = 3\`, fat LTO, one codegen unit, \`panic = "abort"\`)
- Board: $QEMU_VERSION, machine \`mps2-an386\` (Cortex-M4F), \`-icount shift=6\`
- Firmware: \`examples/cortex-m4\` (ours), \`bench/microflow-m4\` (microflow 0.1.3,
  MLPerf Tiny int8 models from \`TINYML_MLPERF_DIR\`), one shared harness

## Cortex-M4F

| library | model | type | MACs | instructions/inference | instructions/MAC | code bytes | weight bytes | RAM bytes | RAM: static + stack |
|---|---|---|---:|---:|---:|---:|---:|---:|---:|
EOF
    printf '%s\n' "${ROWS[@]}"
    cat <<'EOF'

- **instructions/inference**: guest instructions executed by one inference,
  mean over every checked input, counted by SysTick under QEMU's
  `-icount shift=6` (one instruction = 64 ns of virtual time, so
  instructions = ticks × 5 / 8), net of the measuring harness. Deterministic
  from run to run. QEMU counts instructions, not Cortex-M4 cycles: a load, a
  multiply-accumulate and a taken branch each count 1.
- **MACs**: multiply-accumulates of the convolution and dense layers.
- **code bytes**: flash (`.text` + `.rodata` + `.data`) that the model adds to
  a firmware that does not run it, minus its weight bytes: the kernels, the
  generated code and every other constant.
- **weight bytes**: weights and biases as stored (ours: `PARAMS` × element
  size; microflow: the model file's constant tensors).
- **RAM bytes**: statically allocated activation memory (the model's
  `RAM_BYTES`; microflow keeps every tensor on the stack) plus the peak stack
  of one inference, measured by painting the stack.
- digits: the 360 held-out images of `examples/digits`; each prediction must
  equal the host's (and, in f32, Keras') or the run fails. microflow: one
  MLPerf Tiny reference vector per model (KWS 16, VWW 18, AD 16); its
  classifiers must predict TFLite's class. microflow 0.1.3 cannot compile
  MLPerf's image-classification ResNet (no `ADD`).

## Details

| library | model | instructions, input 0 (SysTick) | instructions, input 0 (exact, QEMU plugin) | range over inputs | inputs checked | max deviation from reference | Δ .text | Δ .rodata | Δ .data | Δ .bss |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
EOF
    printf '%s\n' "${DETAILS[@]}"
    cat <<'EOF'

- Max deviation: ours against the host's outputs of the same model (f32 and
  fixed point: absolute); microflow against TFLite's reference kernels (LSB).
- Δ sections: size probe `size-<model>` minus `size-baseline`, per section.

Firmware runs:

EOF
    for l in "${LOGS[@]}"; do echo "- \`$l\`"; done
} >"$OUT"
echo "bench: wrote $OUT" >&2
