//! Per-layer instruction counts, from a model's `predict_observed` hook.
//!
//! The observer reads SysTick after each layer; the instructions between two
//! readings are one layer's plus a fixed overhead (the rest of one observer
//! call and the start of the next). That overhead is measured by calling the
//! same observer twice in a row, through the same dynamic call, and
//! subtracted from every layer, as are the SysTick exceptions that fell into
//! it (see [`crate::count`]).

use core::cell::Cell;
use core::hint::black_box;

use crate::count::{Counter, Instant, ticks_to_instructions};

/// Most layers a profile holds; later ones are not recorded.
pub const MAX_LAYERS: usize = 96;

/// The observer that `predict_observed` calls: `(layer index, layer label)`.
pub type Observer<'a> = dyn FnMut(usize, &'static str) + 'a;

/// One layer's count.
#[derive(Clone, Copy)]
pub struct Layer {
    /// The model's layer index (a row of its docs' layer table).
    pub index: usize,
    /// The model's layer label.
    pub label: &'static str,
    /// Instructions of the layer, net of the observer.
    pub instructions: u64,
}

/// Per-layer counts of one inference.
pub struct Profile {
    layers: [Layer; MAX_LAYERS],
    len: usize,
    /// Instructions between two back-to-back observer calls (subtracted).
    pub overhead: u64,
    /// Observer calls beyond [`MAX_LAYERS`] (not recorded).
    pub dropped: usize,
}

impl Profile {
    /// The recorded layers, in order.
    pub fn layers(&self) -> &[Layer] {
        &self.layers[..self.len]
    }

    /// Sum over the recorded layers.
    pub fn total(&self) -> u64 {
        self.layers().iter().map(|l| l.instructions).sum()
    }
}

/// Readings of the counter at each observer call (cells: the observer
/// writes them while the caller holds the observer).
struct Stamps {
    at: [Cell<Instant>; MAX_LAYERS + 1],
    labels: [Cell<(usize, &'static str)>; MAX_LAYERS + 1],
    len: Cell<usize>,
    calls: Cell<usize>,
}

impl Stamps {
    fn clear(&self) {
        self.len.set(0);
        self.calls.set(0);
    }
}

/// Runs `run` (which calls `predict_observed` with the observer it is given)
/// once and returns the instructions of each layer.
pub fn profile(counter: &Counter, run: &mut dyn FnMut(&mut Observer<'_>)) -> Profile {
    let stamps = Stamps {
        at: core::array::from_fn(|_| Cell::new(Instant { wraps: 0, ticks: 0 })),
        labels: core::array::from_fn(|_| Cell::new((0, ""))),
        len: Cell::new(0),
        calls: Cell::new(0),
    };
    let mut observer = |index: usize, label: &'static str| {
        let now = counter.now();
        let len = stamps.len.get();
        if let (Some(at), Some(l)) = (stamps.at.get(len), stamps.labels.get(len)) {
            at.set(now);
            l.set((index, label));
            stamps.len.set(len + 1);
        }
        stamps.calls.set(stamps.calls.get() + 1);
    };
    let observer: &mut Observer<'_> = &mut observer;

    // The overhead: two readings with nothing between them (the cheapest of a
    // few tries, in case a SysTick wrap fell between them).
    let mut overhead_ticks = u64::MAX;
    for _ in 0..3 {
        stamps.clear();
        twice(observer);
        let (a, b) = (stamps.at[0].get(), stamps.at[1].get());
        if a.wraps == b.wraps {
            overhead_ticks = overhead_ticks.min(b.ticks - a.ticks);
        }
    }
    let overhead = ticks_to_instructions(overhead_ticks);

    // The start, then one reading per layer.
    stamps.clear();
    observer(usize::MAX, "");
    run(observer);

    let mut profile = Profile {
        layers: [Layer {
            index: 0,
            label: "",
            instructions: 0,
        }; MAX_LAYERS],
        len: 0,
        overhead,
        dropped: stamps.calls.get().saturating_sub(stamps.at.len()),
    };
    for i in 1..stamps.len.get() {
        let (start, end) = (stamps.at[i - 1].get(), stamps.at[i].get());
        let gross = ticks_to_instructions(end.ticks - start.ticks);
        let wraps = u64::from(end.wraps - start.wraps);
        let (index, label) = stamps.labels[i].get();
        profile.layers[i - 1] = Layer {
            index,
            label,
            instructions: gross
                .saturating_sub(overhead)
                .saturating_sub(wraps * counter.wrap_cost()),
        };
        profile.len = i;
    }
    profile
}

/// Two observer calls with nothing between them, through the same dynamic
/// call as `predict_observed` makes.
#[inline(never)]
fn twice(observer: &mut Observer<'_>) {
    observer(black_box(0), "");
    observer(black_box(1), "");
}
