//! Lines printed over semihosting. `bench/run.sh` parses the `BENCH` lines:
//! `BENCH model=<name> key=value …`, one per model.

use crate::arch::hprintln;

/// What the firmware measured for one model.
pub struct Bench {
    /// Model name (a row of `BENCHMARKS.md`).
    pub model: &'static str,
    /// Number type: `f32`, `fixed`, `int8`.
    pub kind: &'static str,
    /// Multiply-accumulates per inference.
    pub macs: u64,
    /// Instructions of the inference of test input 0.
    pub insns_first: u64,
    /// Instructions of the cheapest inference measured.
    pub insns_min: u64,
    /// Mean instructions per inference.
    pub insns_mean: u64,
    /// Instructions of the dearest inference measured.
    pub insns_max: u64,
    /// Peak stack bytes of one inference.
    pub stack_bytes: usize,
    /// Bytes of statically allocated activations (the model's `RAM_BYTES`).
    pub ram_bytes: usize,
    /// Bytes of weights and biases.
    pub weight_bytes: usize,
    /// Inputs checked against the expected predictions.
    pub checked: u32,
    /// Largest deviation of an output from the reference.
    pub max_diff: f32,
}

impl Bench {
    /// Prints the `BENCH` line.
    pub fn print(&self) {
        hprintln!(
            "BENCH model={} kind={} macs={} insns={} insns0={} insns_min={} insns_max={} stack={} ram={} weights={} checked={} maxdiff={}",
            self.model,
            self.kind,
            self.macs,
            self.insns_mean,
            self.insns_first,
            self.insns_min,
            self.insns_max,
            self.stack_bytes,
            self.ram_bytes,
            self.weight_bytes,
            self.checked,
            self.max_diff
        );
    }
}

/// Min, mean and max of a running series of counts.
#[derive(Default)]
pub struct Stats {
    first: u64,
    n: u64,
    sum: u64,
    min: u64,
    max: u64,
}

impl Stats {
    /// Adds one count.
    pub fn add(&mut self, v: u64) {
        if self.n == 0 {
            self.first = v;
            self.min = v;
        }
        self.min = self.min.min(v);
        self.max = self.max.max(v);
        self.sum += v;
        self.n += 1;
    }
    /// (first, min, mean rounded, max).
    pub fn summary(&self) -> (u64, u64, u64, u64) {
        let mean = (self.sum + self.n / 2).checked_div(self.n).unwrap_or(0);
        (self.first, self.min, mean, self.max)
    }
}

pub use crate::arch::exit;

/// The semihosting command line (QEMU: the kernel path, then `-append`'s
/// text), or `""` when there is none.
#[allow(unsafe_code)]
pub fn cmdline(buf: &mut [u8]) -> &str {
    let mut block = [buf.as_mut_ptr() as usize, buf.len()];
    // SAFETY: SYS_GET_CMDLINE writes at most `block[1]` bytes to `block[0]`
    // (our buffer) and the length it wrote into `block[1]`.
    let status = unsafe { crate::arch::get_cmdline(&mut block) };
    let len = if status == 0 {
        block[1].min(buf.len())
    } else {
        0
    };
    core::str::from_utf8(&buf[..len]).unwrap_or("")
}

/// Prints a line.
pub fn say(line: &str) {
    hprintln!("{}", line);
}
