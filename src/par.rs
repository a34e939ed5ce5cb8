//! Work spread over the machine's cores with scoped threads: blueprints synthesized side by
//! side, a large document's per-method pieces built in parts, and its lints run beside its
//! schema checks and its text. Results come back in the order of the work, so output and
//! diagnostics do not depend on the number of threads.
//! `GATEWRIGHT_THREADS=1` runs everything on the calling thread (for measuring one core).

use std::cell::Cell;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

/// The number of threads a run may use: `GATEWRIGHT_THREADS` when set to a positive number,
/// else the cores available to the process.
pub fn threads() -> usize {
    static THREADS: OnceLock<usize> = OnceLock::new();
    *THREADS.get_or_init(|| {
        std::env::var("GATEWRIGHT_THREADS")
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|n| *n > 0)
            .unwrap_or_else(|| thread::available_parallelism().map_or(1, |p| p.get()))
    })
}

/// From this many methods a document's work (its per-method pieces, its checks beside its
/// text) is spread over threads: below, a thread costs more than it saves.
pub const PARALLEL_METHODS: usize = 64;

thread_local! {
    /// Whether this thread runs work [`map`] or [`join`] handed out: work it starts in turn
    /// runs on it, so nested parallel work (a document's checks inside one of several
    /// blueprints) never asks for more threads than there are cores.
    static INSIDE: Cell<bool> = const { Cell::new(false) };
}

/// Whether work started on this thread may take other threads.
fn may_spread() -> bool {
    threads() > 1 && !INSIDE.with(Cell::get)
}

/// Runs `f` as handed-out work (see [`INSIDE`]), restoring the thread's mark afterwards.
fn inside<R>(f: impl FnOnce() -> R) -> R {
    let was = INSIDE.with(|i| i.replace(true));
    let r = f();
    INSIDE.with(|i| i.set(was));
    r
}

/// Runs `a` and `b`, `b` on another thread when one is allowed, and returns both results.
/// A panic in either is resumed on the calling thread.
pub fn join<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA,
    B: FnOnce() -> RB + Send,
    RB: Send,
{
    if !may_spread() {
        return (a(), b());
    }
    thread::scope(|s| {
        let other = s.spawn(|| inside(b));
        let ra = a();
        let rb = other
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (ra, rb)
    })
}

/// [`join`] when `parallel`, else `a` then `b` on the calling thread: for work too small to
/// be worth a thread.
pub fn join_when<A, B, RA, RB>(parallel: bool, a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA,
    B: FnOnce() -> RB + Send,
    RB: Send,
{
    if parallel { join(a, b) } else { (a(), b()) }
}

/// `f` of every item, in the items' order, computed on up to [`threads`] threads (the calling
/// thread is one of them). Items are handed out one at a time, so a slow item does not hold
/// back the others.
pub fn map<T, R, F>(items: &[T], f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let workers = threads().min(items.len());
    if workers < 2 || !may_spread() {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        inside(|| {
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else {
                    return done;
                };
                done.push((i, f(item)));
            }
        })
    };
    let mut slots: Vec<Option<R>> = items.iter().map(|_| None).collect();
    thread::scope(|s| {
        let others: Vec<_> = (1..workers).map(|_| s.spawn(work)).collect();
        let mut all = work();
        for h in others {
            all.extend(h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        }
        for (i, r) in all {
            slots[i] = Some(r);
        }
    });
    slots.into_iter().flatten().collect()
}

/// `f` of consecutive parts of `items`, in the items' order: one part (on the calling thread)
/// below `min` items, else two parts per thread handed out by [`map`]. For building a large
/// document's per-method pieces on every core and joining them in the methods' order.
pub fn parts<T, R, F>(items: &[T], min: usize, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&[T]) -> R + Sync,
{
    if items.len() < min.max(1) || !may_spread() {
        return vec![f(items)];
    }
    let size = items.len().div_ceil(2 * threads());
    let parts: Vec<&[T]> = items.chunks(size).collect();
    map(&parts, |p| f(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_keeps_the_order_of_the_items() {
        let items: Vec<u64> = (0..200).collect();
        let squares = map(&items, |n| {
            // Uneven work, so threads finish items out of order.
            if n % 7 == 0 {
                thread::sleep(std::time::Duration::from_micros(200));
            }
            n * n
        });
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        assert!(map(&[] as &[u8], |b| *b).is_empty());
    }

    #[test]
    fn parts_cover_the_items_in_order() {
        let items: Vec<u32> = (0..1000).collect();
        for min in [0, 10, 5000] {
            let joined: Vec<u32> = parts(&items, min, <[u32]>::to_vec).concat();
            assert_eq!(joined, items);
        }
        assert_eq!(parts(&[] as &[u8], 1, <[u8]>::len), [0]);
    }

    #[test]
    fn work_inside_handed_out_work_stays_on_its_thread() {
        let outer: Vec<u8> = (0..8).collect();
        let same = map(&outer, |_| {
            let here = thread::current().id();
            let inner: Vec<u8> = (0..8).collect();
            let (a, b) = join(|| thread::current().id(), || thread::current().id());
            map(&inner, |_| thread::current().id())
                .into_iter()
                .chain([a, b])
                .all(|id| id == here)
        });
        assert!(same.into_iter().all(|s| s));
    }

    #[test]
    fn join_returns_both_results() {
        let data = [1, 2, 3];
        let (sum, len) = join(|| data.iter().sum::<i32>(), || data.len());
        assert_eq!((sum, len), (6, 3));
    }
}
