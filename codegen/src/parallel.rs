//! Work spread over the machine's processors, with results in the order of the input, so
//! that what runs in parallel still gives the same output every time.
//!
//! Token streams (`proc_macro2`) may not cross threads: a job makes its tokens and turns
//! them into text on the thread that runs it.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// How many threads to use: one per processor.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs `job` on every item, on up to [`threads`] threads, each thread with its own
/// state from `init` (what may not be shared: things holding tokens). Items are taken in
/// order by whichever thread is free, so put the largest first; results come back in the
/// order of `items`. On one processor, or for one item, everything runs on this thread.
pub fn map_with<T, S, R>(
    items: &[T],
    init: impl Fn() -> S + Sync,
    job: impl Fn(&mut S, &T) -> R + Sync,
) -> Vec<R>
where
    T: Sync,
    R: Send,
{
    let workers = threads().min(items.len());
    if workers < 2 {
        let mut state = init();
        return items.iter().map(|item| job(&mut state, item)).collect();
    }
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                let mut state = init();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let result = job(&mut state, item);
                    if let Ok(mut slot) = results[i].lock() {
                        *slot = Some(result);
                    }
                }
            });
        }
    });
    results
        .into_iter()
        .map(|slot| match slot.into_inner() {
            Ok(Some(result)) => result,
            // A job that panicked has already made the scope panic on this thread.
            _ => unreachable!("every item has its result"),
        })
        .collect()
}

/// [`map_with`] without per-thread state.
pub fn map<T, R>(items: &[T], job: impl Fn(&T) -> R + Sync) -> Vec<R>
where
    T: Sync,
    R: Send,
{
    map_with(items, || (), |(), item| job(item))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_follow_the_input_order() {
        let items: Vec<u64> = (0..1000).collect();
        // Uneven work, so threads finish out of order.
        let out = map(&items, |&n| {
            let mut x = n;
            for _ in 0..(n % 7) * 1000 {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
            }
            (n, x)
        });
        assert_eq!(out.len(), 1000);
        assert!(out.iter().enumerate().all(|(i, (n, _))| *n == i as u64));
    }

    #[test]
    fn each_thread_uses_the_state_it_made() {
        let items = vec![(); 200];
        let out = map_with(
            &items,
            || std::thread::current().id(),
            |made_on, ()| *made_on == std::thread::current().id(),
        );
        assert!(out.iter().all(|&same| same));
    }

    #[test]
    fn no_items_no_results() {
        let out: Vec<u8> = map(&[] as &[u8], |&b| b);
        assert!(out.is_empty());
    }
}
