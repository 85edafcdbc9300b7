//! A counting global allocator: the bytes live now and the most live at once, counted only
//! while counting is switched on, so timed runs pay one relaxed load per allocation.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};

static COUNTING: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

/// The system allocator, counting.
pub(crate) struct Counting;

fn grow(by: usize) {
    if COUNTING.load(Relaxed) {
        let now = LIVE.fetch_add(by, Relaxed) + by;
        PEAK.fetch_max(now, Relaxed);
        ALLOCATIONS.fetch_add(1, Relaxed);
    }
}

fn shrink(by: usize) {
    if COUNTING.load(Relaxed) {
        // Memory allocated before counting started may be freed while counting: saturate.
        let _ = LIVE.fetch_update(Relaxed, Relaxed, |live| Some(live.saturating_sub(by)));
    }
}

// SAFETY: every call is passed on to `System` unchanged; only counters are updated.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        shrink(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                grow(new_size - layout.size());
            } else {
                shrink(layout.size() - new_size);
            }
        }
        p
    }
}

/// The bytes live now (0 while counting is off).
pub(crate) fn live() -> usize {
    if COUNTING.load(Relaxed) {
        LIVE.load(Relaxed)
    } else {
        0
    }
}

/// What one counted stretch of work allocated.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct HeapUse {
    /// The most bytes live at once.
    pub(crate) peak_bytes: usize,
    /// The number of allocations (reallocations that grow count too).
    pub(crate) allocations: usize,
}

/// Runs `work` with counting on, from zero live bytes.
pub(crate) fn count<T>(work: impl FnOnce() -> T) -> (T, HeapUse) {
    LIVE.store(0, Relaxed);
    PEAK.store(0, Relaxed);
    ALLOCATIONS.store(0, Relaxed);
    COUNTING.store(true, Relaxed);
    let value = work();
    COUNTING.store(false, Relaxed);
    (value, HeapUse { peak_bytes: PEAK.load(Relaxed), allocations: ALLOCATIONS.load(Relaxed) })
}
