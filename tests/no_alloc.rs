//! `predict` allocates nothing: a counting global allocator sees no
//! allocation during inference, for every element type.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

include!("../examples/digits/model.rs");

mod gestures {
    include!("../examples/gestures/int8/mod.rs");
}

use tinyml::fixed::types::{I8F8, I16F16};

struct Counting;

thread_local! {
    // Per thread, so tests running in parallel do not see each other's
    // allocations. Const-initialised: reading it never allocates.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards to the system allocator unchanged; only counts calls.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|count| count.set(count.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made while `f` runs.
fn allocations_during(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

#[test]
fn counter_sees_allocations() {
    // Guards against a counter that never counts.
    assert!(allocations_during(|| drop(std::hint::black_box(vec![1u8; 16]))) >= 1);
}

#[test]
fn predict_allocates_nothing() {
    let input = [0.25f32; 64];
    let mut f32_model = Digits::new();
    let mut wide = DigitsI16F16::new();
    let mut narrow = DigitsI8F8::new();
    let (wide_input, narrow_input) = (input.map(I16F16::from_num), input.map(I8F8::from_num));
    let count = allocations_during(|| {
        for _ in 0..3 {
            std::hint::black_box(f32_model.predict(std::hint::black_box(&input)));
            std::hint::black_box(wide.predict(std::hint::black_box(&wide_input)));
            std::hint::black_box(narrow.predict(std::hint::black_box(&narrow_input)));
        }
    });
    assert_eq!(count, 0);
}

#[test]
fn step_allocates_nothing() {
    let mut model = gestures::Gestures::new();
    let count = allocations_during(|| {
        for n in 0..100 {
            let frame = [n as i8, -(n as i8), 3];
            std::hint::black_box(model.step(std::hint::black_box(&frame)));
        }
        model.reset();
    });
    assert_eq!(count, 0);
}
