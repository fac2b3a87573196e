//! Checking and measuring one model: the part of the firmware that is the
//! same for every model and every library.

use core::cell::RefCell;
use core::hint::black_box;

use crate::arch::hprintln;
use crate::count::Counter;
use crate::layers::{self, Observer};
use crate::report::{Bench, Stats};
use crate::stack::peak_stack;

/// One model to check and measure; `S` is the model's state (for `tinyml`,
/// the model struct that holds its activation memory).
pub struct Case<S, I, O> {
    /// Row name in `BENCHMARKS.md` (no spaces).
    pub model: &'static str,
    /// Number type: `f32`, `fixed`, `int8`.
    pub kind: &'static str,
    /// Multiply-accumulates per inference.
    pub macs: u64,
    /// Bytes of statically allocated activations (the model's `RAM_BYTES`).
    pub ram_bytes: usize,
    /// Bytes of weights and biases.
    pub weight_bytes: usize,
    /// Number of test inputs.
    pub inputs: u32,
    /// The test input of an index.
    pub input: fn(u32) -> I,
    /// The model's state, handed to `predict`.
    pub state: RefCell<S>,
    /// The inference.
    pub predict: fn(&mut S, &I) -> O,
    /// The same inference calling an observer after each layer (a
    /// `tiny_model!`'s `predict_observed`), for per-layer counts on test
    /// input 0; `None` when the library has no such hook.
    pub observed: Option<fn(&mut S, &I, &mut Observer<'_>)>,
    /// Compares the output for a test input with the expected one.
    pub check: fn(u32, &I, &O) -> Verdict,
}

/// The result of one check.
pub struct Verdict {
    /// What the model answered: a class, or a measure such as LSBs.
    pub got: i64,
    /// What was expected.
    pub want: i64,
    /// Whether that passes.
    pub pass: bool,
    /// Largest deviation from the reference output (LSB for integer
    /// outputs, absolute for float ones), reported as `maxdiff=`.
    pub diff: f32,
}

impl Verdict {
    /// Passes when the output equals the expected one byte for byte; `got`
    /// and `diff` are the largest difference in LSB.
    pub fn bytes(got: &[i8], want: &[i8]) -> Self {
        let diff = got
            .iter()
            .zip(want)
            .map(|(&a, &b)| (i32::from(a) - i32::from(b)).unsigned_abs())
            .max()
            .unwrap_or(0);
        Self {
            got: i64::from(diff),
            want: 0,
            pass: got.len() == want.len() && diff == 0,
            diff: diff as f32,
        }
    }

    /// Passes when the predicted class is the expected one.
    pub fn class(got: usize, want: usize, diff: f32) -> Self {
        Self {
            got: got as i64,
            want: want as i64,
            pass: got == want,
            diff,
        }
    }
}

/// An input or output at an 8-byte-aligned address: copies of it (`memcpy`,
/// whose path depends on the alignment) cost the same number of instructions
/// wherever it lies on the stack, in [`Model::check`] and [`Model::exact`]
/// alike.
#[repr(align(8))]
struct Aligned<T>(T);

/// One inference into an aligned output slot: the measured region of
/// [`Model::check`] and [`Model::exact`], one out-of-line function for both.
#[inline(never)]
fn run_predict<S, I, O>(
    predict: fn(&mut S, &I) -> O,
    state: &mut S,
    input: &I,
    output: &mut Aligned<Option<O>>,
) {
    output.0 = Some(predict(state, input));
}

/// A [`Case`] of any input and output type.
pub trait Model {
    /// The model's name.
    fn name(&self) -> &'static str;
    /// Checks the model on every test input, measures it, prints its `BENCH`
    /// line; returns (passed, failed).
    fn check(&self, counter: &Counter) -> (u32, u32);
    /// One measured region on test input 0, as in [`Model::check`], with the
    /// inference (`infer`) or with an empty closure: the difference of the
    /// two runs' exact instruction counts (QEMU plugin) is one inference.
    fn exact(&self, counter: &Counter, infer: bool);
}

impl<S, I, O> Model for Case<S, I, O> {
    fn name(&self) -> &'static str {
        self.model
    }

    fn check(&self, counter: &Counter) -> (u32, u32) {
        let (mut passed, mut failed) = (0, 0);
        let mut stats = Stats::default();
        let mut max_diff = 0.0f32;
        let Ok(mut state) = self.state.try_borrow_mut() else {
            return (0, 1);
        };
        let state = &mut *state;
        // Called through an opaque pointer: the inference is one out-of-line
        // function wherever it is measured, here and in `exact`, instead of
        // being inlined into each caller and optimised differently there.
        let predict = black_box(self.predict);
        for index in 0..self.inputs {
            let input = &Aligned((self.input)(index)).0;
            let mut output = Aligned(None);
            stats.add(counter.measure(&mut || run_predict(predict, state, input, &mut output)));
            let Some(output) = output.0 else { continue };
            let verdict = (self.check)(index, input, &output);
            max_diff = max_diff.max(verdict.diff);
            if verdict.pass {
                passed += 1;
            } else {
                failed += 1;
                hprintln!(
                    "MISMATCH model={} input={} got={} want={}",
                    self.model,
                    index,
                    verdict.got,
                    verdict.want
                );
            }
        }
        let input = &Aligned((self.input)(0)).0;
        let stack_bytes = peak_stack(&mut || {
            black_box(predict(state, black_box(input)));
        });
        if let Some(observed) = black_box(self.observed) {
            let profile = layers::profile(counter, &mut |observer| {
                observed(state, input, observer);
            });
            for layer in profile.layers() {
                hprintln!(
                    "LAYER model={} index={} insns={} label={}",
                    self.model,
                    layer.index,
                    layer.instructions,
                    layer.label
                );
            }
            // The whole of `predict_observed` with an observer that does
            // nothing: the per-layer sum is taken from this code, which the
            // compiler may have laid out differently from `predict`.
            let observed_total = counter.measure(&mut || {
                observed(state, input, &mut |_, _| {});
            });
            hprintln!(
                "LAYERS model={} layers={} sum={} observed={} overhead={} dropped={}",
                self.model,
                profile.layers().len(),
                profile.total(),
                observed_total,
                profile.overhead,
                profile.dropped
            );
        }
        let (insns_first, insns_min, insns_mean, insns_max) = stats.summary();
        Bench {
            model: self.model,
            kind: self.kind,
            macs: self.macs,
            insns_first,
            insns_min,
            insns_mean,
            insns_max,
            stack_bytes,
            ram_bytes: self.ram_bytes,
            weight_bytes: self.weight_bytes,
            checked: passed + failed,
            max_diff,
        }
        .print();
        (passed, failed)
    }

    fn exact(&self, counter: &Counter, infer: bool) {
        let input = &Aligned((self.input)(0)).0;
        let mut output = Aligned(None);
        let Ok(mut state) = self.state.try_borrow_mut() else {
            return;
        };
        let state = &mut *state;
        let predict = black_box(self.predict);
        // Both closures exist in both runs, and the code outside the measured
        // call is the same, so the runs differ by the measured region only.
        let mut with = || run_predict(predict, state, input, &mut output);
        let mut without = || {};
        let f: &mut dyn FnMut() = if black_box(infer) {
            &mut with
        } else {
            &mut without
        };
        black_box(counter.raw(f));
        black_box(&output);
    }
}

/// Runs the firmware: every model's check, or, when the semihosting command
/// line holds `exact=<model>:1` (with the inference) or `exact=<model>:0`
/// (without), only [`Model::exact`] of that model. Exits QEMU with 0 when every prediction
/// matched, 1 otherwise; the last line is `<firmware>: N passed, M failed`.
pub fn main(firmware: &str, mut counter: Counter, models: &[&dyn Model]) -> ! {
    let mut buf = [0u8; 256];
    let cmdline = crate::report::cmdline(&mut buf);
    if let Some(request) = cmdline
        .split(' ')
        .find_map(|arg| arg.strip_prefix("exact="))
    {
        let (name, what) = request.split_once(':').unwrap_or((request, "1"));
        let Some(model) = models.iter().find(|m| m.name() == name) else {
            hprintln!("no model {}", name);
            crate::report::exit(false)
        };
        // No SysTick exceptions: the plugin counts the program alone.
        counter.stop();
        // `1` or `0`: one byte compared, the same work in both runs.
        model.exact(&counter, what.as_bytes().first() == Some(&b'1'));
        crate::report::exit(true)
    }
    let (mut passed, mut failed) = (0, 0);
    // One message per architecture (literal format strings); Cortex-M's
    // subtract the cost of SysTick's wraps, RISC-V's 64-bit minstret has none.
    match counter.calibrate() {
        #[cfg(target_arch = "arm")]
        Ok(c) => {
            passed += 1;
            hprintln!(
                "calibration: a 2000-instruction loop measured {}; a SysTick wrap costs {} instructions (subtracted)",
                c.loop_2000,
                c.wrap_cost
            );
        }
        #[cfg(target_arch = "arm")]
        Err(c) => {
            failed += 1;
            hprintln!(
                "MISMATCH calibration: a 2000-instruction loop measured {}, {} wraps cost {} each (QEMU without -icount shift=6?)",
                c.loop_2000,
                c.wraps,
                c.wrap_cost
            );
        }
        #[cfg(target_arch = "riscv32")]
        Ok(c) => {
            passed += 1;
            hprintln!(
                "calibration: a 2000-instruction loop measured {} (minstret: 64 bits, no wraps)",
                c.loop_2000
            );
        }
        #[cfg(target_arch = "riscv32")]
        Err(c) => {
            failed += 1;
            hprintln!(
                "MISMATCH calibration: a 2000-instruction loop measured {} (QEMU without -icount shift=0?)",
                c.loop_2000
            );
        }
    }
    for model in models {
        let (p, f) = model.check(&counter);
        passed += p;
        failed += f;
    }
    hprintln!("{}: {} passed, {} failed", firmware, passed, failed);
    crate::report::exit(failed == 0)
}
