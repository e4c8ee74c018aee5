//! An append-only vector that can be read while it grows: elements never move, so a shared
//! reference hands out `&T`s that stay valid while other threads (or the same one) push. Used for
//! symbol tables that the parser extends while the back end, on another thread, reads them.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// Segment `k` holds `BASE << k` elements; 40 segments hold more than any program needs.
const BASE: usize = 64;
const SEGMENTS: usize = 40;

pub struct AppendVec<T> {
    segments: [OnceLock<Box<[OnceLock<T>]>>; SEGMENTS],
    len: AtomicUsize,
    push: Mutex<()>,
}

impl<T> Default for AppendVec<T> {
    fn default() -> Self {
        AppendVec { segments: std::array::from_fn(|_| OnceLock::new()), len: AtomicUsize::new(0), push: Mutex::new(()) }
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for AppendVec<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// (segment, offset) of index `i`.
fn locate(i: usize) -> (usize, usize) {
    let j = i / BASE + 1;
    let k = (usize::BITS - 1 - j.leading_zeros()) as usize;
    (k, i - BASE * ((1 << k) - 1))
}

impl<T> AppendVec<T> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends and returns the new element's index.
    pub fn push(&self, v: T) -> usize {
        let _guard = self.push.lock().unwrap_or_else(|e| e.into_inner());
        let i = self.len.load(Ordering::Relaxed);
        let (k, off) = locate(i);
        let seg = self.segments[k].get_or_init(|| (0..BASE << k).map(|_| OnceLock::new()).collect());
        if seg[off].set(v).is_err() {
            unreachable!("slot {i} written twice");
        }
        self.len.store(i + 1, Ordering::Release);
        i
    }

    pub fn get(&self, i: usize) -> Option<&T> {
        if i >= self.len.load(Ordering::Acquire) {
            return None;
        }
        let (k, off) = locate(i);
        self.segments[k].get()?.get(off)?.get()
    }

    pub fn len(&self) -> usize {
        self.len.load(Ordering::Acquire)
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

impl<T> std::ops::Index<usize> for AppendVec<T> {
    type Output = T;
    fn index(&self, i: usize) -> &T {
        self.get(i).unwrap_or_else(|| panic!("index {i} out of range ({} elements)", self.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_and_reads() {
        let v = AppendVec::new();
        for i in 0..10_000 {
            assert_eq!(v.push(i * 3), i);
        }
        assert_eq!(v.len(), 10_000);
        for i in 0..10_000 {
            assert_eq!(v[i], i * 3);
        }
        assert!(v.get(10_000).is_none());
        assert_eq!(locate(0), (0, 0));
        assert_eq!(locate(63), (0, 63));
        assert_eq!(locate(64), (1, 0));
        assert_eq!(locate(191), (1, 127));
        assert_eq!(locate(192), (2, 0));
    }

    #[test]
    fn read_while_another_thread_pushes() {
        let v = AppendVec::new();
        std::thread::scope(|s| {
            s.spawn(|| {
                for i in 0..50_000usize {
                    v.push(i);
                }
            });
            let mut seen = 0;
            while seen < 50_000 {
                let n = v.len();
                for i in seen..n {
                    assert_eq!(v[i], i);
                }
                seen = n;
            }
        });
    }
}
