//! `g`, the per-thread goroutine descriptor the Go stubs read, and its TLS slot.
//!
//! The amd64 prologue p9asm inserts (Go's) loads g with `MOVQ (TLS), R14`, a local-exec TLS load
//! of `runtime.tlsg` (defined in `asm/glue_amd64.s`), then compares SP with `g.stackguard0`
//! (offset 16) and, in WRAPPER functions, reads `g._panic` (offset 32). Each thread gets one G
//! describing its real stack; [`install`] stores its address in the TLS slot before every call.

use std::cell::UnsafeCell;
use std::ffi::c_void;
use std::mem::offset_of;

/// Room left below `stackguard0` for code that does not check the stack: the Rust code called
/// from the Go frames (callbacks, `reflectcallmove`, the panic machinery) runs there.
pub const STACK_GUARD_MARGIN: usize = 256 << 10;

/// Offset of [`G::p9_entry_sp`] (the glue writes it; `asm/glue_amd64.s` has the same number).
pub const G_P9_ENTRY_SP: usize = 112;

/// Go's `stack`: the bounds `[lo, hi)` of a goroutine stack.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stack {
    pub lo: usize,
    pub hi: usize,
}

/// Go's `gobuf` (1.7 layout). Unused here; kept so G's offsets match Go's.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct Gobuf {
    pub sp: usize,
    pub pc: usize,
    pub g: usize,
    pub ctxt: usize,
    pub ret: usize,
    pub lr: usize,
    pub bp: usize,
}

/// The start of Go's `g` (the fields assembly reaches by offset), then p9 fields.
#[repr(C)]
#[derive(Debug)]
pub struct G {
    /// 0, 8: the thread's stack.
    pub stack: Stack,
    /// 16: the prologue calls morestack when SP (minus the frame) is at or below this.
    pub stackguard0: usize,
    /// 24: the same for C code in Go (unused by the stubs).
    pub stackguard1: usize,
    /// 32: `_panic`; WRAPPER prologues adjust `argp` when it is not nil. Always nil here.
    pub panic: *mut c_void,
    /// 40: `_defer`.
    pub defer: *mut c_void,
    /// 48: `m`.
    pub m: *mut c_void,
    /// 56: `sched`.
    pub sched: Gobuf,
    /// 112 (p9 only): SP in `p9_reflectcall` just before it calls `reflectcall`, i.e. where the
    /// Go frames of the current call start. Written by the glue on every call.
    pub p9_entry_sp: usize,
}

const _: () = {
    assert!(offset_of!(G, stack) == 0);
    assert!(offset_of!(G, stackguard0) == 16);
    assert!(offset_of!(G, stackguard1) == 24);
    assert!(offset_of!(G, panic) == 32);
    assert!(offset_of!(G, defer) == 40);
    assert!(offset_of!(G, m) == 48);
    assert!(offset_of!(G, sched) == 56);
    assert!(offset_of!(G, p9_entry_sp) == G_P9_ENTRY_SP);
};

unsafe extern "C" {
    fn p9_setg(g: *mut G);
    fn p9_getg() -> *mut G;
}

thread_local! {
    static CURRENT: UnsafeCell<G> = UnsafeCell::new(G::for_current_thread());
}

/// The current thread's stack bounds, from `pthread_getattr_np`.
pub fn thread_stack() -> Stack {
    // SAFETY: plain libc calls on a zeroed attr that pthread_getattr_np initialises.
    unsafe {
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        let rc = libc::pthread_getattr_np(libc::pthread_self(), &mut attr);
        assert_eq!(rc, 0, "pthread_getattr_np failed");
        let mut addr: *mut c_void = std::ptr::null_mut();
        let mut size: libc::size_t = 0;
        let rc = libc::pthread_attr_getstack(&attr, &mut addr, &mut size);
        libc::pthread_attr_destroy(&mut attr);
        assert_eq!(rc, 0, "pthread_attr_getstack failed");
        Stack { lo: addr as usize, hi: addr as usize + size }
    }
}

/// The guard for a stack: `lo + STACK_GUARD_MARGIN` (or `hi` if the stack is smaller than that,
/// so every stack check fails).
pub fn default_guard(stack: Stack) -> usize {
    stack.lo.saturating_add(STACK_GUARD_MARGIN).min(stack.hi)
}

impl G {
    fn for_current_thread() -> G {
        let stack = thread_stack();
        let guard = default_guard(stack);
        G {
            stack,
            stackguard0: guard,
            stackguard1: guard,
            panic: std::ptr::null_mut(),
            defer: std::ptr::null_mut(),
            m: std::ptr::null_mut(),
            sched: Gobuf::default(),
            p9_entry_sp: 0,
        }
    }
}

/// This thread's G (created on first use).
pub fn current() -> *mut G {
    CURRENT.with(|g| g.get())
}

/// Stores this thread's G in the TLS slot and returns it.
pub fn install() -> *mut G {
    let g = current();
    // SAFETY: p9_setg only writes the TLS slot.
    unsafe { p9_setg(g) };
    g
}

/// What the TLS slot holds (null before the first [`install`] on this thread).
pub fn getg() -> *mut G {
    // SAFETY: p9_getg only reads the TLS slot.
    unsafe { p9_getg() }
}

/// A copy of this thread's G's plain fields.
#[derive(Clone, Copy, Debug)]
pub struct GInfo {
    pub stack: Stack,
    pub stackguard0: usize,
    pub p9_entry_sp: usize,
}

pub fn info() -> GInfo {
    // SAFETY: only this thread writes its G: Rust code here, and the glue at the start of each
    // call (which has finished by the time any Rust code of this thread runs again).
    let g = unsafe { &*current() };
    GInfo { stack: g.stack, stackguard0: g.stackguard0, p9_entry_sp: g.p9_entry_sp }
}

/// Sets this thread's `stackguard0` (tests use it to force morestack).
pub fn set_stackguard0(v: usize) {
    // SAFETY: as in `info`.
    unsafe { (*current()).stackguard0 = v };
}

/// Puts `stackguard0` back to [`default_guard`].
pub fn reset_stackguard0() {
    // SAFETY: as in `info`.
    unsafe {
        let g = &mut *current();
        g.stackguard0 = default_guard(g.stack);
    }
}
