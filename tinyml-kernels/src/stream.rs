//! Streaming: the state a model keeps between frames when it runs frame by
//! frame (`tiny_model!`'s `input[…] streaming`). A layer over time keeps a
//! sliding window of its last input frames, shifted by one frame per step
//! so that the ordinary kernels read it as one contiguous `[K, C]` input.

/// Drops the oldest frame of `window` (`LEN / C` frames of `C` values) and
/// appends `frame` as the newest.
///
/// ```
/// let mut window = [1, 2, 3, 4, 5, 6];
/// tinyml_kernels::stream::push_frame(&mut window, &[7, 8]);
/// assert_eq!(window, [3, 4, 5, 6, 7, 8]);
/// ```
#[inline(always)]
pub fn push_frame<T: Copy, const LEN: usize, const C: usize>(
    window: &mut [T; LEN],
    frame: &[T; C],
) {
    const {
        assert!(
            C > 0 && LEN >= C && LEN.is_multiple_of(C),
            "a window holds whole frames"
        )
    };
    // Frame by frame with `get`/`get_mut`: no index that could fail, so no
    // panic path, inlined or not (`copy_within` keeps its range checks
    // where it is not inlined).
    let (frames, _) = window.as_chunks_mut::<C>();
    for newer in 1..frames.len() {
        if let Some(&moved) = frames.get(newer)
            && let Some(older) = frames.get_mut(newer - 1)
        {
            *older = moved;
        }
    }
    if let Some(newest) = frames.last_mut() {
        *newest = *frame;
    }
}

/// Counts one input frame into `phase` (frames received modulo `STRIDE`
/// since the state was reset); says whether the layer has a new output,
/// which it has when the frames received are `KERNEL`, `KERNEL + STRIDE`, …
/// as in a `padding = valid` window over the frames since the reset (and,
/// before the first `KERNEL`, in line with those).
///
/// ```
/// let mut phase = 0;
/// let outputs: Vec<bool> = (0..6)
///     .map(|_| tinyml_kernels::stream::tick::<2, 3>(&mut phase))
///     .collect();
/// assert_eq!(outputs, [true, false, true, false, true, false]);
/// ```
#[inline(always)]
pub fn tick<const STRIDE: usize, const KERNEL: usize>(phase: &mut usize) -> bool {
    const { assert!(STRIDE > 0, "a stride of at least 1") };
    *phase = (*phase + 1) % STRIDE;
    *phase == KERNEL % STRIDE
}
