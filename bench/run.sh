#!/usr/bin/env bash
# Regenerates BENCHMARKS.md: our models and microflow 0.1.3 on a Cortex-M4F
# (QEMU mps2-an386), measured the same way.
#
#   bash bench/run.sh                 # writes BENCHMARKS.md at the repo root
#   bash bench/run.sh --out FILE      # writes FILE instead (CI: a scratch file)
#   bash bench/run.sh --no-compile    # without the compile-time section (bench/compile-time.sh, ~5 min)
#   bash bench/run.sh --no-host       # without the host section (bench/host/run.sh:
#                                     # tract and microflow on x86-64, ~2 min to run,
#                                     # ~5 min to build the first time)
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
HOST=yes
COMPILE=yes
while [ $# -gt 0 ]; do
    case $1 in
        --out) OUT=$2; shift 2 ;;
        --no-host) HOST=no; shift ;;
        --no-compile) COMPILE=no; shift ;;
        *) echo "bench: unknown argument $1" >&2; exit 2 ;;
    esac
done
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

# Our class-counting plugin (bench/m4-cycles): instructions by class and an
# estimate of Cortex-M4 cycles from the TRM's timings.
CYCLES_PLUGIN=$WORK/libm4cycles.so
gcc -shared -fPIC -O2 -fvisibility=hidden -o "$CYCLES_PLUGIN" "$ROOT/bench/m4-cycles/m4-cycles.c"

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

# classes ELF MODEL: the plugin's counts of one inference on input 0 (with
# minus without), as "insns ldst ldm mac div branch taken other cycles".
classes() {
    local with without
    with=$(timeout 300 "${QEMU[@]}" -plugin "$CYCLES_PLUGIN" -kernel "$1" -append "exact=$2:1" 2>&1 | grep '^m4cycles: ')
    without=$(timeout 300 "${QEMU[@]}" -plugin "$CYCLES_PLUGIN" -kernel "$1" -append "exact=$2:0" 2>&1 | grep '^m4cycles: ')
    local key out=""
    for key in insns ldst ldm mac div branch taken other cycles; do
        out+="$(($(field "$with" "$key") - $(field "$without" "$key"))) "
    done
    echo "$out"
}

declare -A ROW DETAIL CYCLE_ROW
STREAM_ROWS=()           # the streaming model's predict and step rows     # "<model>|<library>" -> a row of the main / detail table
ORDER=()                 # models in order of first appearance
LOGS=()                  # firmware summaries
LAYER_TABLES=()          # per-layer tables, one per model
declare -A INSNS CODE RAM STACK STATIC MACS   # "<model>|<library>" -> value, for the summary

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
        # The streaming model goes to its own table: `step` against `predict`.
        if [[ $model == gestures-* ]]; then
            STREAM_ROWS+=("| \`$model\` | $kind | $insns | $(field "$line" insns_min)–$(field "$line" insns_max) | $checked | $ram | $stack |")
            continue
        fi
        local exact_count="n/a"
        if [ -n "$PLUGIN" ]; then
            echo "bench: $model: exact count (QEMU plugin)" >&2
            exact_count=$(exact "$elf/$bin" "$model")
            # SysTick agrees with the plugin to ±2, plus ±1 for each SysTick
            # wrap in the region (every 2^24 ticks = 10.5 M instructions),
            # whose exception cost is calibrated to the nearest instruction.
            local gap=$((exact_count - insns0))
            local tolerance=$((2 + (insns0 * 8 / 5) / 16777216 + 1))
            echo "bench: $model: SysTick $insns0, plugin $exact_count (tolerance ±$tolerance)" >&2
            if [ "${gap#-}" -gt "$tolerance" ]; then
                echo "bench: $model: SysTick counted $insns0 instructions, the plugin $exact_count" >&2
                exit 1
            fi
        fi
        local class=($(classes "$elf/$bin" "$model"))
        if [ -n "$PLUGIN" ] && [ "${class[0]}" != "$exact_count" ]; then
            echo "bench: $model: the cycle plugin counted ${class[0]} instructions, the counting plugin $exact_count" >&2
            exit 1
        fi
        CYCLE_ROW[$model|$library]=$(awk -v model="$model" -v library="$library" -v macs="$macs" \
            -v insns="${class[0]}" -v ldst="${class[1]}" -v ldm="${class[2]}" -v mac="${class[3]}" \
            -v div="${class[4]}" -v branch="${class[5]}" -v taken="${class[6]}" -v other="${class[7]}" \
            -v cycles="${class[8]}" 'BEGIN {
            printf "| %s | %s | %d | %d | %d | %d | %d | %d / %d | %d | %d | %.2f | %.2f |", model, library, macs,
                insns, ldst, ldm, mac, taken, branch, other + div, cycles, cycles / insns, cycles / macs }')
        local probe=($(sections "$elf/size-$model"))
        local text=$((probe[0] - base[0])) rodata=$((probe[1] - base[1]))
        local data=$((probe[2] - base[2])) bss=$((probe[3] - base[3]))
        local flash=$((text + rodata + data))
        local code=$((flash - weights))
        local per_mac
        per_mac=$(awk -v i="$insns" -v m="$macs" 'BEGIN { printf "%.2f", i / m }')
        local key="$model|$library"
        [[ " ${ORDER[*]} " == *" $model "* ]] || ORDER+=("$model")
        ROW[$key]="| $model | $library | $kind | $macs | $insns | $per_mac | $code | $weights | $((ram + stack)) | $ram + $stack |"
        DETAIL[$key]="| $model | $library | $insns0 | $exact_count | $(field "$line" insns_min)–$(field "$line" insns_max) | $checked | $maxdiff | $text | $rodata | $data | $bss |"
        INSNS[$key]=$insns; CODE[$key]=$code; RAM[$key]=$((ram + stack)); STACK[$key]=$stack
        STATIC[$key]=$ram; MACS[$key]=$macs
        layer_table "$log" "$model" "$library" "$insns0"
    done < <(grep '^BENCH ' "$log")
}

# layer_table LOG MODEL LIBRARY PREDICT: the per-layer table of a model, when
# the firmware printed its LAYER lines.
layer_table() {
    local log=$1 model=$2 library=$3 predict=$4
    local summary
    summary=$(grep "^LAYERS model=$model " "$log" || true)
    [ -z "$summary" ] && return 0
    local sum observed overhead
    sum=$(field "$summary" sum); observed=$(field "$summary" observed); overhead=$(field "$summary" overhead)
    local table
    table=$(grep "^LAYER model=$model " "$log" | awk -v sum="$sum" '{
        index_ = ""; insns = ""
        for (i = 1; i <= NF; i++) {
            if ($i ~ /^index=/) index_ = substr($i, 7)
            if ($i ~ /^insns=/) insns = substr($i, 7)
        }
        label = $0; sub(/.* label=/, "", label)
        printf "| %s | `%s` | %d | %.1f %% |\n", index_, label, insns, 100 * insns / sum
    }')
    LAYER_TABLES+=("### $model ($library)

| # | layer | instructions | share |
|---:|---|---:|---:|
$table
| | **sum over the layers** | **$sum** | 100 % |

\`predict_observed\` as a whole (observer doing nothing): $observed instructions;
\`predict\` on the same input: $predict. Per layer, $overhead instructions of
observer overhead (measured back to back) are subtracted.
")
}

measure "$ROOT/examples/cortex-m4" "tinyml" tinyml-cortex-m4
if [ -d "$TINYML_MLPERF_DIR/kws" ]; then
    measure "$ROOT/bench/microflow-m4" "microflow 0.1.3" microflow-m4
else
    echo "bench: no MLPerf Tiny models at $TINYML_MLPERF_DIR: MLPerf and microflow rows left out" >&2
fi

# rows TABLE: the main (ROW) or detail (DETAIL) table, grouped by model: ours,
# then microflow's for the same model.
rows() {
    local -n table=$1
    local model library
    for model in "${ORDER[@]}"; do
        for library in "tinyml" "microflow 0.1.3"; do
            if [ -n "${table[$model|$library]:-}" ]; then
                echo "${table[$model|$library]}"
            fi
        done
    done
}

# The bar from the project brief (MLPerf Tiny KWS under QEMU Cortex-M4),
# quoted, next to our measurements.
summary() {
    local ours="kws|tinyml" theirs="kws|microflow 0.1.3"
    if [ -z "${INSNS[$ours]:-}" ]; then
        echo "No MLPerf Tiny models in this run (\`TINYML_MLPERF_DIR\`): no comparison."
        return
    fi
    awk -v ours="${INSNS[$ours]}" -v macs="${MACS[$ours]}" -v code="${CODE[$ours]}" \
        -v ram="${RAM[$ours]}" -v static="${STATIC[$ours]}" -v stack="${STACK[$ours]}" \
        -v mf="${INSNS[$theirs]:-0}" -v mf_code="${CODE[$theirs]:-0}" -v mf_ram="${RAM[$theirs]:-0}" '
    function times(a, b) { return a < b ? sprintf("%.2f× fewer", b / a) : sprintf("%.2f× more", a / b) }
    BEGIN {
        ref = 43.0e6; cmsis = 7.70e6; mf_quoted = 68.1e6
        printf "| MLPerf Tiny KWS, int8 (%d MACs) | instructions/inference | instructions/MAC | RAM | code | source |\n", macs
        printf "|---|---:|---:|---|---|---|\n"
        printf "| TFLM, reference kernels | 43.0 M | %.1f | 22.8 KB arena | 40–52 KB runtime | quoted (project brief), not measured by us |\n", ref / macs
        printf "| TFLM + CMSIS-NN | 7.70 M | 2.9 | 22.8 KB arena | 40–52 KB runtime | quoted (project brief), not measured by us |\n"
        printf "| microflow 0.1.3 | 68.1 M | %.1f | | | quoted (project brief), not measured by us |\n", mf_quoted / macs
        if (mf > 0)
            printf "| microflow 0.1.3 | %.2f M | %.2f | %.1f KB (all stack) | %.1f KB | measured here |\n", mf / 1e6, mf / macs, mf_ram / 1000, mf_code / 1000
        printf "| **tinyml** | **%.2f M** | **%.2f** | **%.1f KB** (%d static + %d stack) | **%.1f KB** | **measured here** |\n", ours / 1e6, ours / macs, ram / 1000, static, stack, code / 1000
        printf "\n"
        printf "- Instructions: %s than TFLM with reference kernels; %s than TFLM + CMSIS-NN (%.2f against 2.9 per MAC)", times(ours, ref), times(ours, cmsis), ours / macs
        if (mf > 0)
            printf "; %s than microflow 0.1.3 as measured here (%.2f M; the brief quotes 68.1 M)", times(ours, mf), mf / 1e6
        printf ".\n"
        printf "- RAM: %.1f KB, activation arena and peak stack together, against TFLM'"'"'s 22.8 KB arena alone (its stack not included).\n", ram / 1000
        printf "- Code: %.1f KB (kernels, generated code and requantization constants of this model) against TFLM'"'"'s 40–52 KB of runtime code.\n", code / 1000
    }'
}

HOST_SECTION=
if [ "$HOST" = yes ]; then
    HOST_SECTION=$WORK/host.md
    bash "$ROOT/bench/host/run.sh" "$HOST_SECTION"
fi

COMPILE_LINES=()
if [ "$COMPILE" = yes ]; then
    mapfile -t COMPILE_LINES < <(bash "$ROOT/bench/compile-time.sh" 1024 4096 | grep '^COMPILE ')
fi

# Other cores: the same firmware built for Cortex-M3 (thumbv7m, mps2-an385),
# Cortex-M33 (thumbv8m.main, mps2-an505), Cortex-M0+ (thumbv6m, run on
# mps2-an386's M4, which executes ARMv6-M unchanged) and RISC-V (riscv32imac,
# QEMU virt, minstret under -icount shift=0); its BENCH lines give
# instructions per inference.
CORE_TABLES=()
# The published MLPerf Tiny figures for each core class, quoted (issue 13
# quotes them from MLCommons' tiny_results); silicon cycles, not QEMU
# instructions.
declare -A PUBLISHED=(
    [thumbv7m-none-eabi]="No MLPerf Tiny result for a Cortex-M3 is quoted here."
    [thumbv8m.main-none-eabihf]="Published for this core class: ST on STM32U5 (Cortex-M33), 1.27–1.95 cycles per MAC over the four models (MLCommons MLPerf Tiny results, as quoted in issue 13; cycles on silicon)."
    [thumbv6m-none-eabi]="Published for this core class: Bosch on STM32G0 (Cortex-M0+), 7.8–12.1 cycles per MAC (MLCommons MLPerf Tiny results, as quoted in issue 13; cycles on silicon, where an M0+ takes one cycle for most instructions and two for loads, stores and taken branches)."
    [riscv32imac-unknown-none-elf]="No MLPerf Tiny result for an rv32imc/imac core is quoted here."
)
for spec in "thumbv7m-none-eabi|Cortex-M3 (\`thumbv7m-none-eabi\`, \`mps2-an385\`; no FPU: f32 in software)" \
            "thumbv8m.main-none-eabihf|Cortex-M33 (\`thumbv8m.main-none-eabihf\`, \`mps2-an505\`)" \
            "thumbv6m-none-eabi|Cortex-M0+ code (\`thumbv6m-none-eabi\`, run on \`mps2-an386\`: an M4 executes ARMv6-M unchanged)" \
            "riscv32imac-unknown-none-elf|RISC-V rv32imac (\`riscv32imac-unknown-none-elf\`, QEMU \`virt\`; no FPU: f32 in software)"; do
    target=${spec%%|*}
    echo "bench: firmware for $target" >&2
    core_log=$WORK/$target.log
    if ! (cd "$ROOT/examples/cortex-m4" && timeout 900 cargo run --release --quiet --target "$target") >"$core_log" 2>&1; then
        cat "$core_log" >&2
        echo "bench: $target failed" >&2
        exit 1
    fi
    table="### ${spec#*|}"$'\n\n'"| model | type | MACs | instructions/inference | instructions/MAC | stack bytes |"$'\n'"|---|---|---:|---:|---:|---:|"
    while read -r line; do
        model=$(field "$line" model); kind=$(field "$line" kind); macs=$(field "$line" macs)
        insns=$(field "$line" insns); stack=$(field "$line" stack)
        [[ $model == gestures-* ]] && continue   # the Cortex-M4's streaming table has it
        per_mac=$(awk -v i="$insns" -v m="$macs" 'BEGIN { printf "%.2f", i / m }')
        table+=$'\n'"| $model | $kind | $macs | $insns | $per_mac | $stack |"
    done < <(grep '^BENCH ' "$core_log")
    table+=$'\n\n'"\`$(tail -n 1 "$core_log")\`"$'\n\n'"${PUBLISHED[$target]}"$'\n'
    CORE_TABLES+=("$table")
done

RUSTC=$(cd "$ROOT/examples/cortex-m4" && rustc --version)
QEMU_VERSION=$(qemu-system-arm --version | head -n 1)
{
    cat <<EOF
# Benchmarks

Generated by \`bash bench/run.sh\`; do not edit by hand, rerun it.

- Date: $(date -u +%Y-%m-%d), source: commit $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- examples bench tinyml tinyml-macros tinyml-kernels tinyml-format tinyml-cli || echo " with local changes")
- Compiler: $RUSTC, target \`$TARGET\`, \`-C target-cpu=cortex-m4\`, release profile
  (\`opt-level = 3\`, fat LTO, one codegen unit, \`panic = "abort"\`)
- Board: $QEMU_VERSION, machine \`mps2-an386\` (Cortex-M4F), \`-icount shift=6\`
- Firmware: \`examples/cortex-m4\` (ours), \`bench/microflow-m4\` (microflow 0.1.3),
  one shared harness; MLPerf Tiny int8 models from \`TINYML_MLPERF_DIR\`

## Cortex-M4F

| model | library | type | MACs | instructions/inference | instructions/MAC | code bytes | weight bytes | RAM bytes | RAM: static + stack |
|---|---|---|---:|---:|---:|---:|---:|---:|---:|
EOF
    rows ROW
    cat <<'EOF'

- **instructions/inference**: guest instructions executed by one inference
  (`predict`), mean over every checked input, counted by SysTick under QEMU's
  `-icount shift=6` (one instruction = 64 ns of virtual time, so
  instructions = ticks × 5 / 8), net of the measuring harness. Deterministic
  from run to run, and equal to the exact count of QEMU's instruction
  counting plugin on input 0 (details below) within ±2, plus ±1 per SysTick
  wrap (one every 10.5 M instructions, its exception's cost calibrated to
  the nearest instruction). QEMU counts instructions, not
  Cortex-M4 cycles: a load, a multiply-accumulate and a taken branch each
  count 1.
- **MACs**: multiply-accumulates of the convolution and dense layers.
- **code bytes**: flash (`.text` + `.rodata` + `.data`) that the model adds to
  a firmware that does not run it, minus its weight bytes: the kernels, the
  generated code and every other constant (for int8, the per-channel
  requantization multipliers and shifts).
- **weight bytes**: weights and biases as stored (f32 and fixed point:
  `PARAMS` × element size; int8, ours and microflow's: int8 weights and int32
  biases, as in the TFLite file).
- **RAM bytes**: statically allocated activation memory (the model's
  `RAM_BYTES`; microflow keeps every tensor on the stack) plus the peak stack
  of one inference, measured by painting the stack.
- Checked inputs (the run fails on any mismatch): digits, the 360 held-out
  images of `examples/digits` (f32 and fixed point: the host's prediction, and
  in f32 Keras'; int8: tflite-micro's output byte for byte). Our MLPerf Tiny
  int8 models: every reference vector (KWS 17, VWW 19, IC 17, AD 24), TFLM's
  output byte for byte (AD: `ad/vectors/tflm/`). microflow: one reference
  vector per model (KWS 16, VWW 18, AD 16); its classifiers must predict
  TFLite's class, and its deviation in LSB is listed below. microflow 0.1.3
  cannot compile MLPerf's image-classification ResNet (no `ADD`).

## Against the bar

EOF
    summary
    cat <<'EOF'

The quoted figures are the project brief's, for the same model under QEMU
Cortex-M4; we did not run TFLM. Ours and microflow's are measured by this
script, in the table above.

## Cortex-M4 cycles, estimated

QEMU counts instructions; silicon counts cycles. Our QEMU plugin
(`bench/m4-cycles/m4-cycles.c`, its timing table in
`bench/m4-cycles/README.md`) counts the instructions of one inference
(input 0) by class and prices each with the Cortex-M4 Technical Reference
Manual's timings, at zero wait states (on a real part, flash wait states
behind a cache add to this) and 2 cycles of pipeline refill per taken branch.

| model | library | MACs | instructions | single loads/stores | load/store multiple | multiplies and MACs | branches taken / all | other | estimated cycles | cycles/instruction | cycles/MAC |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
EOF
    rows CYCLE_ROW
    cat <<'EOF'

The fastest published MLPerf Tiny results on a Cortex-M4 (NUCLEO-L4R5ZI at
120 MHz, cycles measured on silicon; MLCommons tiny_results v1.1 and v1.2, as
quoted in the project's issue 11):

| model | engine | cycles | cycles/MAC |
|---|---|---:|---:|
| KWS | ST X-CUBE-AI | 5.18 M | 1.95 |
| VWW | ST X-CUBE-AI | 10.67 M | 1.42 |
| IC | ST X-CUBE-AI | 19.82 M | 1.59 |
| AD | Plumerai | 0.486 M | 1.84 |

## Streaming

The int8 gesture model of \`examples/gestures\` (\`input[40, 3] streaming\`:
conv1d → max_pool1d → strided conv1d → mean → dense, 7,440 MACs a window) on
the Cortex-M4: \`predict\` over whole 40-frame windows, and \`step\` on one
frame at a time (an output every fourth frame, recomputing the head over
its window buffer then). The firmware checks each against the other byte
for byte (\`examples/cortex-m4/src/models/gestures.rs\`). RAM: the model
struct, arena and streaming state together (\`RAM_BYTES\`).

| run | kind | instructions (mean) | range | checked | RAM bytes | stack bytes |
|---|---|---:|---:|---:|---:|---:|
EOF
    printf '%s\n' "${STREAM_ROWS[@]}"
    cat <<'EOF'

## Per layer

Instructions of each layer of one inference (input 0), measured inside the
firmware through `predict_observed`: the observer reads SysTick after every
layer. `predict_observed` is the same computation as `predict`, but the
compiler builds it separately and may lay it out differently, so its total
can differ from `predict`'s; both are given under each table. A layer that
computes nothing (`flatten`) shows the residue of the overhead subtraction, a
few instructions.

EOF
    printf '%s\n' "${LAYER_TABLES[@]}"
    cat <<'EOF'
## Other cores

The same firmware and checks (every digits image, every MLPerf Tiny int8
vector byte for byte against TFLM), built for four more cores; instructions
per inference from its `BENCH` lines (SysTick under `-icount`, as above; on
RISC-V the `minstret` counter under `-icount shift=0`, one count per
instruction). ARMv6-M has no 32 × 32 → 64 multiply: there the int8
convolutions take their general `i32` loops instead of the packed ones,
which accumulate in `i64` (`tinyml-kernels/build.rs`); the requantization's
64-bit products remain library calls. rv32imac multiplies 32 × 32 → 64 in
two instructions (`MUL`, `MULH`) and has no DSP extension; the packed loops
are still the faster ones there (KWS 16.4 M instructions against 29.7 M
with the general loops), so it keeps them. Its instructions are of another
instruction set: counts compare with the Cortex-M ones only roughly
(rv32imac has no multiply-accumulate instruction: a `MUL` and an `ADD`
where a Cortex-M4's `SMLAD` does two), and code sizes differ too (its
compressed instructions are 2 bytes, like most of Thumb's). We quote no MLPerf Tiny figures for a RISC-V core: we have
no published result of this core class under the same conditions to compare
with. No other core has kernels of its own yet.

EOF
    printf '%s\n' "${CORE_TABLES[@]}"
    cat <<'EOF'
## Details

| model | library | instructions, input 0 (SysTick) | instructions, input 0 (exact, QEMU plugin) | range over inputs | inputs checked | max deviation from reference | Δ .text | Δ .rodata | Δ .data | Δ .bss |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
EOF
    rows DETAIL
    cat <<'EOF'

- Max deviation: ours against the host's outputs of the same model (f32 and
  fixed point: absolute) or TFLM's (int8: LSB); microflow against TFLite's
  reference kernels (LSB).
- Δ sections: size probe `size-<model>` minus `size-baseline`, per section.

Firmware runs:

EOF
    for l in "${LOGS[@]}"; do echo "- \`$l\`"; done
    if [ ${#COMPILE_LINES[@]} -gt 0 ]; then
        cat <<'EOF'

## Compile time

`tiny_model!` on one large `input[N] -> dense(N)` f32 model, release build
of the model's crate alone (its dependencies built first), measured by
`bash bench/compile-time.sh` with GNU time on this machine (2 cores): wall
time, CPU time (user + system) and peak resident memory of the build.

| model | wall | CPU | peak memory |
|---|---:|---:|---:|
EOF
        for l in "${COMPILE_LINES[@]}"; do
            echo "$l" | awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
                printf "| dense %s×%s | %s s | %s s | %s MB |\n", v["n"], v["n"], v["wall_s"], v["cpu_s"], v["max_rss_mb"] }'
        done
        cat <<'EOF'

Before and after `predict` and `predict_observed` shared one generated body
(issue 14: each layer's weight statics are now emitted and const-evaluated
once), measured once with the same script (`TINYML_SRC=<checkout> bash
bench/compile-time.sh 1024 4096`) at 306b218 and on the working tree of
6a0c9e4: 1024×1024 21.4 s → 11.9 s (CPU 21.2 → 11.1 s, peak 734 → 719 MB);
4096×4096 434.9 s → 211.3 s (CPU 426.2 → 208.2 s, peak 9921 → 9858 MB), so
0.49× the time. The peak memory is the const evaluation of the weight array
itself, which the second body did not double.
EOF
    fi
    if [ -n "$HOST_SECTION" ]; then
        echo
        cat "$HOST_SECTION"
    fi
} >"$OUT"
echo "bench: wrote $OUT" >&2
