#!/usr/bin/env bash
# Installs what the firmware (examples/cortex-m4) and the benchmark
# (bench/run.sh) need: the Cortex-M and RISC-V targets, llvm-tools, QEMU for
# the MPS2 boards (qemu-system-arm) and for RISC-V virt (qemu-system-misc),
# GNU binutils for ARM (arm-none-eabi-size/nm) and a C compiler for the QEMU
# counting plugin. Idempotent; each step takes seconds when already done.
set -euo pipefail
cd "$(dirname "$0")/../.."

rustup target add thumbv7em-none-eabihf thumbv7m-none-eabi thumbv8m.main-none-eabihf thumbv6m-none-eabi riscv32imac-unknown-none-elf
rustup component add llvm-tools

need=()
command -v qemu-system-arm >/dev/null || need+=(qemu-system-arm)
command -v qemu-system-riscv32 >/dev/null || need+=(qemu-system-misc)
command -v arm-none-eabi-size >/dev/null || need+=(binutils-arm-none-eabi)
command -v gcc >/dev/null || need+=(gcc)
if [ ${#need[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${need[@]}" >/dev/null
fi
qemu-system-arm --version | head -n1
qemu-system-riscv32 --version | head -n1
