//! Calls through reflectcall: arguments in, results out from retoffset, the closure context, the
//! write barrier in reflectcallmove, many calls, several threads.
#![cfg(p9stubs)]

mod common;

use common::*;
use linker_tests::callees::{self, Forwarder};
use linker_tests::runtime::{self, write_barrier};
use linker_tests::{CallError, Type, g, reflectcall};

fn add(a: i64, b: i64, c: i64) -> (i64, i64, Vec<u8>) {
    let mut args = [0u8; 40];
    put_i64s(&mut args, &[a, b, c, -1, -1]);
    reflectcall(None, &callees::add(), &mut args, 24).unwrap();
    let v = i64s(&args);
    assert_eq!(&v[..3], &[a, b, c], "arguments are not copied back");
    (v[3], v[4], args.to_vec())
}

#[test]
fn add_returns_sum_and_difference() {
    assert_eq!(add(5, 7, 11).0, 23);
    assert_eq!(add(5, 7, 11).1, -13);
    assert_eq!(add(i64::MAX, 1, 0).0, i64::MIN);
    assert_eq!(add(-3, -4, 10).0, 3);
    assert_eq!(add(-3, -4, 10).1, -9);
    assert_eq!(g::getg(), g::current(), "the TLS slot holds this thread's G");
}

#[test]
fn results_are_copied_from_retoffset_only() {
    // testAdd writes 24..40; with retoffset 32 only diff comes back, sum's slot keeps its value
    let mut args = [0u8; 40];
    put_i64s(&mut args, &[1, 2, 3, 0x5555, 0x6666]);
    reflectcall(None, &callees::add(), &mut args, 32).unwrap();
    assert_eq!(i64s(&args), vec![1, 2, 3, 0x5555, 1 - 2 - 3]);
    // retoffset == argsize: nothing comes back
    put_i64s(&mut args, &[1, 2, 3, 0x5555, 0x6666]);
    reflectcall(None, &callees::add(), &mut args, 40).unwrap();
    assert_eq!(i64s(&args), vec![1, 2, 3, 0x5555, 0x6666]);
    // an unaligned retoffset: bytes from 27 on
    put_i64s(&mut args, &[1, 2, 3, 0, 0]);
    reflectcall(None, &callees::add(), &mut args, 27).unwrap();
    let want = 6i64.to_le_bytes();
    assert_eq!(&args[24..27], &[0, 0, 0]);
    assert_eq!(&args[27..32], &want[3..]);
    assert_eq!(i64s(&args)[4], -4);
}

#[test]
fn closure_context_arrives_in_dx() {
    let c = callees::closure(1000);
    let mut args = [0u8; 24];
    put_i64s(&mut args, &[234, 0, 0]);
    reflectcall(None, c.funcval(), &mut args, 8).unwrap();
    let v = i64s(&args);
    assert_eq!(v[1], 1234);
    assert_eq!(v[2] as usize, c.funcval() as *const _ as usize, "DX is the funcval");
}

#[test]
fn retoffset_past_the_frame_is_rejected() {
    let mut args = [0u8; 16];
    let e = reflectcall(None, &callees::add(), &mut args, 17).unwrap_err();
    assert_eq!(e, CallError::RetOffsetOutOfRange { retoffset: 17, argsize: 16 });
}

static WITH_POINTERS: Type = Type::argument_frame(40, 40);
static NO_POINTERS: Type = Type::argument_frame(40, 0);

/// Runs testAdd with `typ` and `retoffset`; returns the barriers and moves logged.
fn add_with(typ: Option<&Type>, retoffset: u32) -> (Vec<runtime::BarrierRecord>, Vec<runtime::MoveRecord>, usize) {
    let mut args = [0u8; 40];
    put_i64s(&mut args, &[40, 2, 0, 0, 0]);
    write_barrier::take();
    runtime::take_moves();
    reflectcall(typ, &callees::add(), &mut args, retoffset).unwrap();
    (write_barrier::take(), runtime::take_moves(), args.as_ptr() as usize)
}

#[test]
fn write_barrier_fires_once_when_it_should() {
    write_barrier::set_enabled(true);
    let (b, m, arg) = add_with(Some(&WITH_POINTERS), 24);
    assert_eq!(b.len(), 1);
    assert_eq!((b[0].dst, b[0].size), (arg + 24, 16));
    assert_eq!(b[0].words, vec![42, 38], "the barrier sees the results after the copy");
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].typ, &WITH_POINTERS as *const _ as usize);
    assert_eq!((m[0].dst, m[0].size), (arg + 24, 16));

    // exactly a pointer's worth
    let (b, _, arg) = add_with(Some(&WITH_POINTERS), 32);
    assert_eq!(b.len(), 1);
    assert_eq!((b[0].dst, b[0].size, b[0].words.clone()), (arg + 32, 8, vec![38]));

    // never: nil type, pointer-free type, fewer result bytes than a pointer
    for (typ, retoffset) in
        [(None, 24), (Some(&NO_POINTERS), 24), (Some(&WITH_POINTERS), 33), (Some(&WITH_POINTERS), 40)]
    {
        let (b, m, _) = add_with(typ, retoffset);
        assert!(b.is_empty(), "typ {:?} retoffset {retoffset}: {b:?}", typ.map(|t| t.kind));
        assert_eq!(m.len(), 1, "reflectcallmove runs on every call");
        assert_eq!(m[0].size, 40 - retoffset as usize);
    }

    // and never while barriers are off
    write_barrier::set_enabled(false);
    let (b, m, _) = add_with(Some(&WITH_POINTERS), 24);
    assert!(b.is_empty());
    assert_eq!(m.len(), 1);
}

#[test]
fn every_call_into_rust_was_aligned() {
    add(1, 2, 3);
    let mut n = 0;
    callees::with_rust_callee(Forwarder::Plain, &mut |_| n += 1, |f| reflectcall(None, f, &mut [0u8; 8], 8)).unwrap();
    assert_eq!(n, 1);
    assert!(runtime::aligned_calls() >= 3);
    assert_eq!(runtime::misaligned_calls(), 0);
}

#[test]
fn nested_reflectcall_from_a_callee() {
    // a callee calls reflectcall again (as Go code calling reflect.Value.Call would)
    let mut sps = None;
    let mut cb = |c: &callees::CalleeCall| {
        let outer = g::info().p9_entry_sp;
        // SAFETY: the frame is 16 bytes.
        let frame = unsafe { c.frame(16) };
        let x = i64::from_le_bytes(frame[..8].try_into().unwrap());
        let (sum, _, _) = add(x, x, x);
        frame[8..].copy_from_slice(&sum.to_le_bytes());
        sps = Some((outer, c.call_sp(), g::info().p9_entry_sp));
    };
    let mut args = [0u8; 16];
    put_i64s(&mut args, &[14, 0]);
    callees::with_rust_callee(Forwarder::Plain, &mut cb, |f| reflectcall(None, f, &mut args, 8)).unwrap();
    assert_eq!(i64s(&args), vec![14, 42]);
    let (outer, callee, inner) = sps.unwrap();
    assert!(inner < callee && callee < outer, "the inner call's Go frames are below the outer callee: {sps:x?}");
}

#[test]
fn many_calls_in_a_loop() {
    runtime::set_recording(false);
    let f = callees::add();
    let c = callees::closure(7);
    let mut args = [0u8; 40];
    let mut cargs = [0u8; 24];
    const N: i64 = 100_000;
    let t = std::time::Instant::now();
    for i in 0..N {
        put_i64s(&mut args, &[i, 2 * i, 3, 0, 0]);
        reflectcall(None, &f, &mut args, 24).unwrap();
        let v = i64s(&args);
        assert_eq!((v[3], v[4]), (3 * i + 3, -i - 3));
    }
    let add_ns = t.elapsed().as_nanos() as f64 / N as f64;
    let t = std::time::Instant::now();
    for i in 0..N {
        put_i64s(&mut cargs, &[i, 0, 0]);
        reflectcall(None, c.funcval(), &mut cargs, 8).unwrap();
        assert_eq!(i64s(&cargs)[1], i + 7);
    }
    let clo_ns = t.elapsed().as_nanos() as f64 / N as f64;
    runtime::set_recording(true);
    let build = if cfg!(debug_assertions) { "debug" } else { "release" };
    eprintln!(
        "reflectcall round trip ({build} build, incl. G install, catch_unwind, packing and checks): \
         testAdd {add_ns:.0} ns, closure {clo_ns:.0} ns"
    );
}

#[test]
fn several_threads_at_once() {
    let handles: Vec<_> = (0..6i64)
        .map(|t| {
            std::thread::Builder::new()
                .stack_size(8 << 20)
                .spawn(move || {
                    let c = callees::closure(t * 1_000_000);
                    let mut entry_sps = std::collections::BTreeSet::new();
                    for i in 0..3000i64 {
                        let (sum, diff, _) = add(i, t, 1);
                        assert_eq!((sum, diff), (i + t + 1, i - t - 1));
                        let mut a = [0u8; 24];
                        put_i64s(&mut a, &[i, 0, 0]);
                        reflectcall(None, c.funcval(), &mut a, 8).unwrap();
                        assert_eq!(i64s(&a)[1], t * 1_000_000 + i);
                        if i % 500 == 0 {
                            let o = frame_call(200 + i as usize, 100, None).unwrap();
                            assert_frame_outcome(&o);
                        }
                        entry_sps.insert(g::info().p9_entry_sp);
                    }
                    let gi = g::info();
                    assert_eq!(g::getg(), g::current(), "each thread has its own g in the TLS slot");
                    assert!(
                        entry_sps.iter().all(|&sp| sp > gi.stack.lo && sp < gi.stack.hi),
                        "glue ran on this thread's stack"
                    );
                    g::current() as usize
                })
                .unwrap()
        })
        .collect();
    let gs: std::collections::BTreeSet<usize> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(gs.len(), 6, "one G per thread");
}

#[test]
fn stubs_and_glue_assemble_without_frame_warnings() {
    // Every frame must be described: no untracked SP write (W0405), no SP mismatch at a join
    // (W0404), no unbalanced RET. The only warnings allowed are W0401 on BP, which p9asm raises
    // because it does not yet see the PUSHQ BP at the start of p9_reflectcall and the probe.
    let codes: Vec<&str> =
        linker_tests::ASM_WARNINGS.lines().filter_map(|l| l.strip_prefix("warning[")).map(|l| &l[..5]).collect();
    assert!(codes.iter().all(|&c| c == "W0401"), "{}", linker_tests::ASM_WARNINGS);
    assert!(linker_tests::ASM_LISTING.contains("TEXT\tp9_reflectcall(SB), NOSPLIT, $0-0"));
}
