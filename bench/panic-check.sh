#!/usr/bin/env bash
# No panic path in inference: lists every call into Rust's panic machinery
# (bounds checks, slice index failures, unwrap/expect, arithmetic overflow,
# `panic!`) that the release build of a model's inference still contains, and
# fails when one is not explained in bench/panic-allowlist.txt.
#
#   bash bench/panic-check.sh
#
# It inspects the size probes of examples/cortex-m4 (`size-<model>`: only a
# model's `predict` between volatile input and output, built exactly like the
# firmware, fat LTO): whatever panic call such a binary contains is reachable
# from `predict`, since the same probe without a model (`size-baseline`) has
# none (checked below). Each call site is traced through the inlining chain of
# the debug info to the innermost function of ours (not of `core`).
#
# bench/panic-allowlist.txt: one `<function> <panic function> <reason>` per
# line (`#` comments); an entry that no call site matches any more fails the
# check (remove it). E.g.
#   tinyml_kernels::conv::conv2d core::panicking::panic_bounds_check <why it cannot fire>
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
FW=$ROOT/examples/cortex-m4
ELF=$FW/target/thumbv7em-none-eabihf/release
ALLOW=$ROOT/bench/panic-allowlist.txt
PANICS='core::panicking::|core::slice::index::slice_.*fail|unwrap_failed|expect_failed|rust_begin_unwind|core::option::|core::result::'

(cd "$FW" && cargo build --release --bins --quiet)

# sites ELF: "<function> <panic function> <file:line>" per call into a panic
# function from outside the panic machinery.
sites() {
    local elf=$1
    local targets
    # Addresses of the panic functions.
    targets=$(arm-none-eabi-nm -C "$elf" | awk -v re="$PANICS" '$0 ~ re { print $1 }' | sort -u)
    [ -z "$targets" ] && return 0
    arm-none-eabi-objdump -d --no-show-raw-insn "$elf" | awk -v targets="$targets" '
        BEGIN { n = split(targets, t, "\n"); for (i = 1; i <= n; i++) panic[t[i]] = 1 }
        /^[0-9a-f]+ </ { inside = ($1 in panic); next }
        !inside && $2 ~ /^(bl|b|b\.w|bl\.w|beq\.w|bne\.w|bcs\.w|bcc\.w|bhi\.w|bls\.w|bge\.w|blt\.w|bgt\.w|ble\.w|bhs\.w|blo\.w|bmi\.w|bpl\.w|beq|bne|bcs|bcc|bhi|bls|bge|blt|bgt|ble|bhs|blo|bmi|bpl)$/ {
            target = substr("00000000" $3, length($3) + 1)
            if (target in panic) { sub(":", "", $1); print $1, target }
        }' | while read -r site target; do
        local callee frame
        callee=$(arm-none-eabi-nm -C "$elf" | awk -v a="$target" '$1 == a { $1 = ""; $2 = ""; sub(/^  /, ""); print; exit }')
        # The innermost frame outside the standard library: "function at file:line".
        frame=$(arm-none-eabi-addr2line -e "$elf" -i -f -C -p "$site" |
            sed 's/^ (inlined by) //' | grep -v ' at /rustc/' | head -n 1)
        local function=${frame%% at *} location=${frame##* at }
        location=$(realpath -m --relative-to="$ROOT" "${location%:*}"):${location##*:}
        echo "${function%%<*} $callee $location"
    done
}

base=$(sites "$ELF/size-baseline")
if [ -n "$base" ]; then
    echo "panic-check: the probe without a model already panics:" >&2
    echo "$base" >&2
    exit 1
fi

failed=0
used=()      # allowlist entries that matched a call site
# The probes that Cargo.toml declares (not whatever else is in target/).
for probe in $(sed -n 's/^name = "\(size-[^"]*\)"$/\1/p' "$FW/Cargo.toml"); do
    [ "$probe" = size-baseline ] && continue
    elf=$ELF/$probe
    model=${probe#size-}
    found=$(sites "$elf" | sort | uniq -c)
    if [ -z "$found" ]; then
        echo "panic-check: $model: no panic path"
        continue
    fi
    echo "panic-check: $model: calls into panic functions (count function panic location):"
    while read -r count function callee location; do
        reason=$(awk -v f="$function" -v c="$callee" '!/^#/ && $1 == f && $2 == c { $1 = ""; $2 = ""; sub(/^  /, ""); print; exit }' "$ALLOW" 2>/dev/null || true)
        if [ -n "$reason" ]; then
            used+=("$function $callee")
            echo "  $count $function $callee $location  (allowed: $reason)"
        else
            echo "  $count $function $callee $location  NOT EXPLAINED"
            failed=1
        fi
    done <<<"$found"
done
# Stale entries: an explained panic path that is gone from the build. Without
# the MLPerf Tiny models (empty probes) an entry may belong to them: a warning.
mlperf=no
if arm-none-eabi-nm -C "$ELF/size-kws" | grep -c ' size_kws::predict$' >/dev/null; then
    mlperf=yes
fi
while read -r function callee _; do
    [ -z "$function" ] && continue
    if ! printf '%s\n' "${used[@]}" | grep -qxF "$function $callee"; then
        if [ "$mlperf" = yes ]; then
            echo "panic-check: stale allowlist entry (no such panic path any more, remove it): $function $callee" >&2
            failed=1
        else
            echo "panic-check: allowlist entry not seen (built without the MLPerf Tiny models): $function $callee"
        fi
    fi
done < <(grep -v '^#' "$ALLOW" || true)
if [ "$failed" -ne 0 ]; then
    echo "panic-check: FAILED: remove the panic path or explain it in bench/panic-allowlist.txt" >&2
    exit 1
fi
echo "panic-check: passed"
