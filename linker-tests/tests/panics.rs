//! Failures: a Rust panic in a callee unwinds through the Go frames (their `.eh_frame`) back to
//! the caller; morestack and badreflectcall are reported, never a crash; callee-saved registers
//! survive.
#![cfg(p9stubs)]

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};

use common::*;
use linker_tests::callees::{self, CalleeCall, Forwarder, PROBE_VALUES};
use linker_tests::{CallError, g, reflectcall, stackmap};

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default()
}

/// Calls a callee that panics with `msg` through the given forwarder; returns the panic message.
fn call_panicking(fwd: Forwarder, argsize: usize, msg: &str) -> String {
    let mut args = input_frame(argsize);
    let msg = msg.to_string();
    let r = catch_unwind(AssertUnwindSafe(|| {
        callees::with_rust_callee(fwd, &mut |_c: &CalleeCall| panic!("{msg}"), |f| {
            reflectcall(None, f, &mut args, (argsize / 2) as u32)
        })
    }));
    let p = r.expect_err("the panic reaches the caller");
    assert!(is_input(&args, 0, argsize), "nothing was copied back");
    panic_message(&*p)
}

#[test]
fn panic_in_callee_unwinds_through_the_go_frames() {
    for (i, argsize) in [0usize, 40, 100, 4096, 5000, 70000].into_iter().enumerate() {
        let m = call_panicking(Forwarder::Plain, argsize, &format!("boom {i}"));
        assert_eq!(m, format!("boom {i}"));
        // and the next calls work
        let o = frame_call(argsize, argsize / 3, None).unwrap();
        assert_frame_outcome(&o);
    }
}

#[test]
fn panics_in_a_loop_leave_nothing_behind() {
    let before = g::info();
    for i in 0..200 {
        assert_eq!(call_panicking(Forwarder::Plain, 64, "again"), "again");
        let mut args = [0u8; 40];
        put_i64s(&mut args, &[i, 1, 1, 0, 0]);
        reflectcall(None, &callees::add(), &mut args, 24).unwrap();
        assert_eq!(i64s(&args)[3], i + 2);
    }
    let after = g::info();
    assert_eq!((before.stack, before.stackguard0), (after.stack, after.stackguard0));
}

#[test]
fn callee_saved_registers_survive_a_normal_call() {
    // The probe loads known values into BP, BX, R12-R15 and calls p9_reflectcall; the callee
    // (testClobberCallRust) trashes BX and R12-R15 and callN uses R12-R14: the glue restores them.
    let mut ran = false;
    let mut args = [0u8; 48];
    let out = callees::with_rust_callee(
        Forwarder::Clobber,
        &mut |_| ran = true,
        // SAFETY: 48-byte frame, retoffset 24; the Rust callee does not panic.
        |f| unsafe { callees::probe_callee_saved(std::ptr::null(), f, args.as_mut_ptr(), 48, 24) },
    );
    assert!(ran);
    assert_eq!(out, PROBE_VALUES);
}

#[test]
fn callee_saved_registers_after_a_panic() {
    assert_eq!(call_panicking(Forwarder::Plain, 64, "x"), "x");
    let mut args = [0u8; 40];
    put_i64s(&mut args, &[1, 2, 3, 0, 0]);
    let out = callees::with_rust_callee(
        Forwarder::Clobber,
        &mut |_| {},
        // SAFETY: as above.
        |f| unsafe { callees::probe_callee_saved(std::ptr::null(), f, args.as_mut_ptr(), 40, 40) },
    );
    assert_eq!(out, PROBE_VALUES);
}

#[test]
fn frame_too_big_for_the_stack_reaches_morestack() {
    on_thread(4 << 20, || {
        // call8388608 needs an 8 MiB frame; the thread has 4 MiB
        let argsize = (4 << 20) + 1;
        let mut args = vec![0u8; argsize];
        let mut ran = false;
        let e =
            callees::with_rust_callee(Forwarder::Plain, &mut |_| ran = true, |f| reflectcall(None, f, &mut args, 0))
                .unwrap_err();
        assert!(!ran);
        let CallError::MoreStack(m) = &e else { panic!("{e:?}") };
        assert_eq!(m.function, "runtime.call8388608");
        assert_eq!(m.frame_size, (8 << 20) + 8);
        assert_eq!(m.caller.as_deref(), Some("p9_reflectcall"), "callN was reached by a jump from reflectcall");
        assert_eq!(m.ctxt, None, "callN is not NEEDCTXT: morestack_noctxt");
        // the stack-map unwinder walks from morestack through callN stopped in its prologue
        assert_eq!(m.go_frames, ["runtime.morestack_noctxt", "runtime.call8388608", "p9_reflectcall"]);
        assert_eq!(m.stack, g::thread_stack());
        assert!(stackmap::func_named("runtime.call8388608").unwrap().contains(m.pc));
        let s = e.to_string();
        assert!(s.contains("morestack: runtime.call8388608") && s.contains("cannot grow stacks"), "{s}");

        // the same thread goes on: a frame that fits
        let o = frame_call(1 << 20, 1000, None).unwrap();
        assert_frame_outcome(&o);
    });
}

#[test]
fn needctxt_callee_reaches_morestack_with_its_context() {
    on_thread(16 << 20, || {
        // with the normal guard the 1 MiB frame fits
        let mut n = 0;
        let mut args = [0u8; 16];
        callees::with_rust_callee(Forwarder::Big, &mut |_| n += 1, |f| reflectcall(None, f, &mut args, 8)).unwrap();
        assert_eq!(n, 1);

        // lower the stack: callN (small frame) fits, testCallRustBig (1 MiB) does not
        let here = &n as *const i32 as usize;
        g::set_stackguard0(here - (512 << 10));
        let mut ctxt = 0;
        let e = callees::with_rust_callee(Forwarder::Big, &mut |_| n += 1, |f| {
            ctxt = f as *const _ as usize;
            reflectcall(None, f, &mut args, 8)
        })
        .unwrap_err();
        g::reset_stackguard0();
        let CallError::MoreStack(m) = e else { panic!("{e:?}") };
        assert_eq!(n, 1, "the Rust callee did not run");
        assert_eq!(m.function, "runtime.testCallRustBig");
        assert_eq!(m.caller.as_deref(), Some("runtime.call32"));
        assert_eq!(m.ctxt, Some(ctxt), "runtime.morestack got DX (NEEDCTXT)");
        assert_eq!(m.go_frames, ["runtime.morestack", "runtime.testCallRustBig", "runtime.call32", "p9_reflectcall"]);
        assert_eq!(m.stackguard0, here - (512 << 10));

        callees::with_rust_callee(Forwarder::Big, &mut |_| n += 1, |f| reflectcall(None, f, &mut args, 8)).unwrap();
        assert_eq!(n, 2);
    });
}

#[test]
fn poisoned_guard_stops_every_split_function() {
    // Go sets stackguard0 to a huge value to preempt; every non-NOSPLIT prologue then calls morestack.
    g::install();
    g::set_stackguard0(usize::MAX - 1000);
    let mut args = [0u8; 40];
    let e = reflectcall(None, &callees::add(), &mut args, 24).unwrap_err();
    g::reset_stackguard0();
    let CallError::MoreStack(m) = e else { panic!("{e:?}") };
    assert_eq!(m.function, "runtime.call64");
    reflectcall(None, &callees::add(), &mut args, 24).unwrap();
}
