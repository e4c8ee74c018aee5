//! reflectcall's DISPATCH picks the smallest callN that holds the frame, at every boundary, with
//! real data copied in and out, up to the 1 GiB class; beyond it badreflectcall is reported.
#![cfg(p9stubs)]

mod common;

use common::*;
use linker_tests::runtime::write_barrier;
use linker_tests::{CallError, Type, reflectcall, reflectcall_raw, size_class};

/// Argument sizes at the edges of class `n`: the smallest frame that picks it and `n` itself.
fn edges(n: usize) -> [usize; 2] {
    if n == 32 { [0, 32] } else { [n / 2 + 1, n] }
}

/// A retoffset for `argsize`: about half (not aligned), but at most `max_results` of results.
fn retoffset_for(argsize: usize, max_results: usize) -> usize {
    let r = argsize / 2 + (argsize % 3);
    r.min(argsize).max(argsize.saturating_sub(max_results))
}

#[test]
fn size_class_table() {
    assert_eq!(size_class(0), Some(32));
    assert_eq!(size_class(32), Some(32));
    assert_eq!(size_class(33), Some(64));
    assert_eq!(size_class(1 << 30), Some(1 << 30));
    assert_eq!(size_class((1 << 30) + 1), None);
}

#[test]
fn dispatch_small_and_medium_classes() {
    on_thread(64 << 20, || {
        let mut n = 32;
        let mut calls = 0;
        while n <= 4 << 20 {
            let mut sizes = edges(n).to_vec();
            if n == 32 {
                sizes.extend([1, 7, 8, 31]);
            }
            for argsize in sizes {
                for retoffset in [retoffset_for(argsize, usize::MAX), 0, argsize] {
                    let o = frame_call(argsize, retoffset, None).unwrap();
                    assert_frame_outcome(&o);
                    calls += 1;
                }
            }
            n *= 2;
        }
        assert_eq!(calls, 18 * 6 + 4 * 3);
    });
}

#[test]
fn dispatch_large_classes_up_to_1gib() {
    // The 1 GiB class needs a 1 GiB + 8 byte frame above stackguard0: a 1 GiB + 64 MiB stack
    // (reserved, committed only where touched).
    on_thread((1 << 30) + (64 << 20), || {
        let mut n = 8 << 20;
        while n <= 1 << 30 {
            for argsize in edges(n) {
                let retoffset = retoffset_for(argsize, 1 << 20);
                let o = frame_call(argsize, retoffset, None).unwrap();
                assert_frame_outcome(&o);
            }
            n *= 2;
        }
    });
}

#[test]
fn over_1gib_reaches_badreflectcall() {
    on_thread(8 << 20, || {
        // calloc'd and never touched: badreflectcall is reached before any copy
        let mut args = vec![0u8; (1 << 30) + 1];
        let f = linker_tests::callees::add();
        let e = reflectcall(None, &f, &mut args, 0).unwrap_err();
        assert_eq!(e, CallError::BadReflectCall { argsize: (1 << 30) + 1, funcval: &f as *const _ as usize });
        assert!(e.to_string().contains("over the 1 GiB"), "{e}");

        // the largest argsize reflectcall can be given; the buffer is never read
        let mut small = [0u8; 8];
        // SAFETY: badreflectcall is reached before the frame is touched.
        let e = unsafe { reflectcall_raw(std::ptr::null(), &f, small.as_mut_ptr(), u32::MAX, 0) }.unwrap_err();
        assert!(matches!(e, CallError::BadReflectCall { argsize: u32::MAX, .. }), "{e:?}");

        // and calls still work afterwards
        let o = frame_call(100, 40, None).unwrap();
        assert_frame_outcome(&o);
    });
}

#[test]
fn barrier_with_every_class_boundary_below_1mib() {
    // the pointerful type makes every call with >= 8 result bytes run the bulk barrier
    static PTRS: Type = Type::argument_frame(0, 8);
    on_thread(16 << 20, || {
        write_barrier::set_enabled(true);
        let mut n = 32;
        while n <= 1 << 20 {
            for argsize in edges(n) {
                let retoffset = retoffset_for(argsize, usize::MAX);
                write_barrier::take();
                let o = frame_call(argsize, retoffset, Some(&PTRS)).unwrap();
                assert_frame_outcome(&o);
                let b = write_barrier::take();
                let size = argsize - retoffset;
                if size >= 8 {
                    assert_eq!(b.len(), 1, "argsize {argsize}");
                    assert_eq!((b[0].dst, b[0].size), (o.arg_ptr + retoffset, size));
                    assert_eq!(b[0].words.len(), size / 8);
                } else {
                    assert!(b.is_empty(), "argsize {argsize}: barrier on {size} bytes");
                }
            }
            n *= 2;
        }
        write_barrier::set_enabled(false);
    });
}
