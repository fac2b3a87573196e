#!/usr/bin/env bash
# Installs what the Cortex-M4 firmware (examples/cortex-m4) and the benchmark
# (bench/run.sh) need: the thumbv7em target, llvm-tools, QEMU for mps2-an386,
# GNU binutils for ARM (arm-none-eabi-size/nm) and a C compiler for the QEMU
# counting plugin. Idempotent; each step takes seconds when already done.
set -euo pipefail
cd "$(dirname "$0")/../.."

rustup target add thumbv7em-none-eabihf thumbv7m-none-eabi thumbv8m.main-none-eabihf thumbv6m-none-eabi
rustup component add llvm-tools

need=()
command -v qemu-system-arm >/dev/null || need+=(qemu-system-arm)
command -v arm-none-eabi-size >/dev/null || need+=(binutils-arm-none-eabi)
command -v gcc >/dev/null || need+=(gcc)
if [ ${#need[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${need[@]}" >/dev/null
fi
qemu-system-arm --version | head -n1
