#!/usr/bin/env bash
# Compile time and peak memory of `tiny_model!` on large dense models: for
# each N, a crate with `input[N] -> dense(N)` (f32, zero weights) is built in
# release mode after its dependencies, and GNU time reports the wall time,
# the CPU time (user + system, less sensitive to other load) and the peak
# resident memory of the build.
#
#   bash bench/compile-time.sh [N ...]      # default: 1024 4096
#
# TINYML_SRC picks the tinyml checkout to measure (default: this one), so
# two commits can be compared. Prints one machine-readable line per N:
#   COMPILE n=N wall_s=… cpu_s=… max_rss_mb=…
set -euo pipefail
SRC=$(cd "${TINYML_SRC:-$(dirname "$0")/..}" && pwd)
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1024 4096)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export CARGO_TARGET_DIR="$WORK/target"
mkdir -p "$WORK/crate/src"
cat > "$WORK/crate/Cargo.toml" <<TOML
[package]
name = "compile-time"
version = "0.0.0"
edition = "2024"
[dependencies]
tinyml = { path = "$SRC/tinyml" }
[workspace]
TOML
model() {
    local n=$1
    head -c $(( (n * n + n) * 4 )) /dev/zero > "$WORK/crate/src/weights.bin"
    cat > "$WORK/crate/src/main.rs" <<RS
tinyml::tiny_model! {
    pub Big: f32 = input[$n] -> dense($n);
    weights = include_bytes!("weights.bin");
}
fn main() {
    let mut model = Big::new();
    println!("{}", model.predict(&[0.5; $n])[0]);
}
RS
}
# Dependencies first, so that only the model's crate is timed.
model 1
(cd "$WORK/crate" && cargo build --release -q)
for n in "${SIZES[@]}"; do
    model "$n"
    (cd "$WORK/crate" && /usr/bin/time -v cargo build --release -q) 2> "$WORK/time.txt"
    awk -v n="$n" -F': ' '
        /Elapsed \(wall clock\)/ { split($2, t, ":"); wall = (length(t) == 3) ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2] }
        /User time/ { user = $2 } /System time/ { sys = $2 }
        /Maximum resident set size/ { rss = $2 / 1024 }
        END { printf "COMPILE n=%d wall_s=%.1f cpu_s=%.1f max_rss_mb=%.0f\n", n, wall, user + sys, rss }' "$WORK/time.txt"
done
