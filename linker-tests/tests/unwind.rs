//! Unwinding from inside a callee called through reflectcall, two ways that must agree:
//! the system unwinder (libgcc, reading p9asm's `.eh_frame`, through the `backtrace` crate) and
//! a Go-style unwinder that reads only p9asm's stack-map section. Plus the PCDATA/FUNCDATA the
//! stack maps give at the call sites in callN and callRet.
#![cfg(p9stubs)]

mod common;

use std::cell::RefCell;
use std::ffi::{c_int, c_void};

use common::*;
use linker_tests::callees::{self, CalleeCall, Forwarder, PROBE_DWARF_REGS, PROBE_VALUES};
use linker_tests::runtime::{self, MoveRecord};
use linker_tests::stackmap::{self, FUNCDATA_LOCALS_POINTER_MAPS, Frame, PCDATA_STACK_MAP_INDEX, PCDATA_UNSAFE_POINT};
use linker_tests::{reflectcall, size_class};

unsafe extern "C" {
    #[link_name = "runtime.no_pointers_stackmap"]
    static NO_POINTERS_STACKMAP: [u32; 2];
}

fn no_pointers_stackmap() -> usize {
    &raw const NO_POINTERS_STACKMAP as usize
}

/// A frame as the system unwinder reports it.
#[derive(Clone, Debug)]
struct SysFrame {
    ip: usize,
    /// `backtrace::Frame::sp`: libgcc's `_Unwind_GetCFA` during `_Unwind_Backtrace`, which at
    /// this frame's callback is still the CFA of the frame below it, i.e. this frame's SP at the
    /// call.
    sp: usize,
}

fn system_trace() -> Vec<SysFrame> {
    let mut v = Vec::new();
    backtrace::trace(|f| {
        v.push(SysFrame { ip: f.ip() as usize, sp: f.sp() as usize });
        v.len() < 80
    });
    v
}

/// The symbols holding the return address `ip` (looked up at `ip - 1`), innermost inlined
/// function first.
fn symbols(ip: usize) -> Vec<String> {
    let mut v = Vec::new();
    if ip == 0 {
        return v;
    }
    backtrace::resolve((ip - 1) as *mut c_void, |s| {
        if let Some(n) = s.name() {
            v.push(format!("{n:#}"));
        }
    });
    v
}

/// The innermost symbol for `ip`.
fn symbol(ip: usize) -> String {
    symbols(ip).into_iter().next().unwrap_or_default()
}

fn names(frames: &[Frame]) -> Vec<&'static str> {
    frames.iter().map(|f| f.func.name).collect()
}

/// Checks that the system frames starting at the one whose ip is `sm[0].pc` are the stack-map
/// frames, one by one (same return address, same SP, same symbol; and so the same CFA, which
/// is the next frame's SP). Returns that index.
fn assert_agree(sys: &[SysFrame], sm: &[Frame]) -> usize {
    let i = sys.iter().position(|f| f.ip == sm[0].pc).expect("the system unwinder passes the callee");
    for (k, f) in sm.iter().enumerate() {
        let s = &sys[i + k];
        assert_eq!(s.ip, f.pc, "frame {k} ({}): return address", f.func.name);
        assert_eq!(s.sp, f.sp, "frame {k} ({}): SP", f.func.name);
        assert_eq!(sys[i + k + 1].sp, f.cfa, "frame {k} ({}): CFA", f.func.name);
        assert_eq!(symbol(s.ip), f.func.name, "frame {k}: symbol");
    }
    i
}

struct Seen {
    sys: Vec<SysFrame>,
    sm: Vec<Frame>,
    call: CalleeCall,
}

/// Calls a Rust callee with an `argsize`-byte frame and records both unwinds from inside it.
#[inline(never)]
fn traced_call(argsize: usize) -> Seen {
    let mut seen = None;
    let mut args = vec![0u8; argsize];
    callees::with_rust_callee(
        Forwarder::Plain,
        &mut |c: &CalleeCall| {
            let sys = system_trace();
            // SAFETY: the forwarder's live SP and PC, frames intact while we run.
            let sm = unsafe { stackmap::unwind(c.pc(), c.call_sp(), 16) };
            seen = Some(Seen { sys, sm, call: *c });
        },
        |f| reflectcall(None, f, &mut args, 0),
    )
    .unwrap();
    seen.unwrap()
}

#[test]
fn backtrace_and_stack_map_unwinder_agree() {
    on_thread(32 << 20, || {
        for argsize in [0usize, 40, 3000, 40_000, 600_000] {
            let n = size_class(argsize as u32).unwrap() as usize;
            let s = traced_call(argsize);
            let callee_name = format!("runtime.call{n}");
            // the stack-map unwinder: callee → callN → p9_reflectcall (reflectcall tail-jumped)
            assert_eq!(
                names(&s.sm),
                ["runtime.testCallRust", callee_name.as_str(), "p9_reflectcall"],
                "argsize {argsize}"
            );
            assert_eq!(s.sm[0].sp, s.call.call_sp());
            assert_eq!(s.sm.iter().map(|f| f.delta).collect::<Vec<_>>(), [8, n as i64 + 8, 88]);
            assert_eq!(s.sm[1].cfa, s.sm[2].sp, "callN's CFA is p9_reflectcall's SP (one return address up)");
            let i = assert_agree(&s.sys, &s.sm);
            // then Rust frames up to this test's helper; reflectcall itself is never on the stack
            // (with inlining, several symbols per address: the helper may be an outer one)
            let rest: Vec<String> = s.sys[i + 3..].iter().take(30).flat_map(|f| symbols(f.ip)).collect();
            assert!(rest.iter().any(|n| n.ends_with("traced_call")), "argsize {argsize}: {rest:#?}");
            let all: Vec<String> = s.sys.iter().map(|f| symbol(f.ip)).collect();
            assert!(!all.iter().any(|n| n == "runtime.reflectcall"), "{all:#?}");
            // Rust frames below the callee are the callback
            let below: Vec<String> = s.sys[..i].iter().flat_map(|f| symbols(f.ip)).collect();
            assert!(below.iter().any(|n| n.contains("trampoline")), "{below:#?}");
        }
    });
}

#[test]
fn stack_maps_at_the_callee_call_site_in_call_n() {
    on_thread(8 << 20, || {
        for argsize in [8usize, 100, 1000] {
            let s = traced_call(argsize);
            let call_n = &s.sm[1];
            // CALLFN: PCDATA $PCDATA_StackMapIndex, $0 right before CALL (DX)
            assert_eq!(call_n.pcdata_at_call(PCDATA_STACK_MAP_INDEX), 0);
            // not an unsafe point (only the prologue's stack check is)
            assert_eq!(call_n.pcdata_at_call(PCDATA_UNSAFE_POINT), -1);
            // NO_LOCAL_POINTERS
            assert_eq!(call_n.func.funcdata(FUNCDATA_LOCALS_POINTER_MAPS), no_pointers_stackmap());
            // SAFETY: a linked RODATA symbol.
            assert_eq!(unsafe { NO_POINTERS_STACKMAP }, [2, 0]);
            // the record itself: TEXT NAME(SB), WRAPPER, $MAXSIZE-32
            let n = size_class(argsize as u32).unwrap() as i32;
            let f = call_n.func;
            assert_eq!((f.args, f.frame, f.autosize), (32, n, n + 8));
            assert_ne!(f.flags & stackmap::TEXTFLAG_WRAPPER, 0);
            assert_eq!(f.flags & stackmap::FLAG_NOSPLIT, 0);
            // the forwarder: NEEDCTXT, a split check, no PCDATA of its own
            let fwd = s.sm[0].func;
            assert_ne!(fwd.flags & stackmap::TEXTFLAG_NEEDCTXT, 0);
            assert_eq!(s.sm[0].pcdata_at_call(PCDATA_STACK_MAP_INDEX), -1);
        }
        // reflectcall: NOSPLIT, frameless, every DISPATCH a jump
        let r = stackmap::func_named("runtime.reflectcall").unwrap();
        assert_eq!((r.args, r.autosize), (32, 0));
        assert_ne!(r.flags & stackmap::FLAG_NOSPLIT, 0);
    });
}

type InMove = (Vec<SysFrame>, Vec<Frame>, MoveRecord);

thread_local! {
    static IN_MOVE: RefCell<Option<InMove>> = const { RefCell::new(None) };
}

fn move_hook(m: &MoveRecord) {
    let sys = system_trace();
    // SAFETY: call_sp is reflectcallmove's live SP at its call into Rust.
    let sm = unsafe { stackmap::unwind(*((m.call_sp - 8) as *const usize), m.call_sp, 16) };
    IN_MOVE.with(|s| *s.borrow_mut() = Some((sys, sm, m.clone())));
}

#[test]
fn stack_maps_in_call_ret_and_reflectcallmove() {
    on_thread(8 << 20, || {
        runtime::set_move_hook(Some(move_hook));
        for argsize in [40usize, 200, 5000] {
            let o = frame_call(argsize, argsize / 2, None).unwrap();
            assert_frame_outcome(&o);
            let (sys, sm, m) = IN_MOVE.with(|s| s.borrow_mut().take()).expect("hook ran");
            let n = size_class(argsize as u32).unwrap() as usize;
            let call_n = format!("runtime.call{n}");
            assert_eq!(names(&sm), ["runtime.reflectcallmove", "callRet", call_n.as_str(), "p9_reflectcall"]);
            assert_agree(&sys, &sm);
            assert_eq!(sm.iter().map(|f| f.delta).collect::<Vec<_>>(), [24, 40, n as i64 + 8, 88]);
            // callRet's src argument is callN's SP + retoffset
            assert_eq!(m.src, sm[2].sp + argsize / 2);
            // callRet: NO_LOCAL_POINTERS, and no PCDATA in its source: index -1 at its call
            let call_ret = &sm[1];
            assert_eq!(call_ret.func.funcdata(FUNCDATA_LOCALS_POINTER_MAPS), no_pointers_stackmap());
            assert_eq!(call_ret.pcdata_at_call(PCDATA_STACK_MAP_INDEX), -1);
            assert_ne!(call_ret.func.flags & stackmap::FLAG_STATIC, 0, "callRet<> is file-local");
            assert_eq!((call_ret.func.frame, call_ret.func.autosize), (32, 40));
            // callN at CALL callRet<>(SB): still stack map index 0
            assert_eq!(sm[2].pcdata_at_call(PCDATA_STACK_MAP_INDEX), 0);
            assert_eq!(sm[2].func.funcdata(FUNCDATA_LOCALS_POINTER_MAPS), no_pointers_stackmap());
            // our forwarder declares NO_LOCAL_POINTERS too
            assert_eq!(sm[0].func.funcdata(FUNCDATA_LOCALS_POINTER_MAPS), no_pointers_stackmap());
        }
        runtime::set_move_hook(None);
    });
}

// --- what the unwinder restores for callee-saved registers ---

#[repr(C)]
struct UnwindContext {
    _private: [u8; 0],
}
type TraceFn = extern "C" fn(*mut UnwindContext, *mut c_void) -> c_int;
unsafe extern "C" {
    fn _Unwind_Backtrace(trace: TraceFn, arg: *mut c_void) -> c_int;
    fn _Unwind_GetIP(ctx: *mut UnwindContext) -> usize;
    fn _Unwind_GetGR(ctx: *mut UnwindContext, index: c_int) -> usize;
}

/// Registers the unwinder restores in the frame of `p9_probe_callee_saved`.
extern "C" fn probe_regs(ctx: *mut UnwindContext, arg: *mut c_void) -> c_int {
    // SAFETY: ctx is valid during the callback; arg is the Option below.
    unsafe {
        let out = &mut *(arg as *mut Option<[u64; 6]>);
        let ip = _Unwind_GetIP(ctx);
        if stackmap::find_func(ip - 1).is_some_and(|f| f.name == "p9_probe_callee_saved") {
            *out = Some(PROBE_DWARF_REGS.map(|r| _Unwind_GetGR(ctx, r) as u64));
            return 5; // _URC_END_OF_STACK: stop
        }
    }
    0
}

fn unwound_probe_registers() -> [u64; 6] {
    let mut regs: Option<[u64; 6]> = None;
    let mut args = [0u8; 32];
    callees::with_rust_callee(
        Forwarder::Clobber,
        &mut |_| {
            // SAFETY: probe_regs matches TraceFn and writes only `regs`.
            unsafe { _Unwind_Backtrace(probe_regs, &mut regs as *mut _ as *mut c_void) };
        },
        // SAFETY: 32-byte frame; the callee does not panic.
        |f| unsafe { callees::probe_callee_saved(std::ptr::null(), f, args.as_mut_ptr(), 32, 32) },
    );
    regs.expect("the unwinder reached the probe")
}

/// From inside the callee (after testClobberCallRust trashed BX and R12-R15 and callN used
/// R12-R14), the system unwinder must give the probe's frame the values it had: it finds BP in
/// callN's prologue save and the others in p9_reflectcall's PUSHes, which p9asm describes in
/// `.eh_frame` (x86/frame.rs: callee-saved PUSHes at the start of a body).
#[test]
fn unwinder_restores_callee_saved_registers_through_p9_reflectcall() {
    let regs = unwound_probe_registers();
    assert_eq!(regs[0], PROBE_VALUES[0], "BP (callN's prologue saves it)");
    assert_eq!(
        regs, PROBE_VALUES,
        "BP BX R12 R13 R14 R15 as the unwinder restores them for p9_probe_callee_saved: \
         p9_reflectcall's PUSHes must be described in .eh_frame"
    );
}
