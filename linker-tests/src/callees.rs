//! The test callees in `asm/callees_amd64.s` and helpers to call Rust code through reflectcall.

use std::ffi::c_void;

use crate::call::{Closure, FuncVal};
use crate::runtime::{self, Type};

unsafe extern "C" {
    #[link_name = "runtime.testAdd"]
    fn test_add();
    #[link_name = "runtime.testClosure"]
    fn test_closure();
    #[link_name = "runtime.testCallRust"]
    fn test_call_rust();
    #[link_name = "runtime.testCallRustBig"]
    fn test_call_rust_big();
    #[link_name = "runtime.testClobberCallRust"]
    fn test_clobber_call_rust();
    fn p9_probe_callee_saved(
        argtype: *const Type,
        f: *const FuncVal,
        arg: *mut u8,
        argsize: u32,
        retoffset: u32,
        out: *mut [u64; 6],
    );
}

/// `testAdd(a, b, c int64) (sum, diff int64)`: sum = a+b+c at 24, diff = a-b-c at 32.
pub fn add() -> FuncVal {
    // SAFETY: testAdd reads 24 bytes and writes 16 after them.
    unsafe { FuncVal::new(test_add as *const () as usize) }
}

/// `testClosure(x int64) (y int64, ctxt uintptr)`: y = x + the captured value, ctxt = DX.
pub fn closure(captured: i64) -> Closure<i64> {
    // SAFETY: testClosure reads x, writes y and ctxt, and reads 8(DX) as an int64.
    unsafe { Closure::new(test_closure as *const () as usize, captured) }
}

/// Values `p9_probe_callee_saved` loads into BP, BX, R12, R13, R14, R15.
pub const PROBE_VALUES: [u64; 6] = [
    0x7062702d70726f62,
    0x7062782d70726f62,
    0x7231322d70726f62,
    0x7231332d70726f62,
    0x7231342d70726f62,
    0x7231352d70726f62,
];
/// DWARF numbers of BP, BX, R12, R13, R14, R15 (the order of [`PROBE_VALUES`]).
pub const PROBE_DWARF_REGS: [i32; 6] = [6, 3, 12, 13, 14, 15];
/// What `testClobberCallRust` leaves in BX and R12-R15.
pub const CLOBBER: u64 = 0x6261646261646261;

/// Calls `p9_reflectcall` from the probe (see `asm/callees_amd64.s`) and returns what BP, BX,
/// R12-R15 hold after it returned (the probe set them to [`PROBE_VALUES`] before).
///
/// # Safety
/// As [`crate::reflectcall_raw`]; in addition nothing may unwind out of the call (the probe's own
/// register saves have no unwind info while p9asm does not describe PUSHes).
pub unsafe fn probe_callee_saved(
    typ: *const Type,
    f: &FuncVal,
    arg: *mut u8,
    argsize: u32,
    retoffset: u32,
) -> [u64; 6] {
    crate::g::install();
    let mut out = [0u64; 6];
    // SAFETY: the caller's contract.
    unsafe { p9_probe_callee_saved(typ, f, arg, argsize, retoffset, &mut out) };
    out
}

/// Which ABI0 forwarder calls the Rust function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Forwarder {
    /// `testCallRust`: frame 0 (+8 for BP).
    Plain,
    /// `testCallRustBig`: a 1 MiB frame.
    Big,
    /// `testClobberCallRust`: trashes BX and R12-R15 first.
    Clobber,
}

impl Forwarder {
    pub fn code(self) -> usize {
        match self {
            Forwarder::Plain => test_call_rust as *const () as usize,
            Forwarder::Big => test_call_rust_big as *const () as usize,
            Forwarder::Clobber => test_clobber_call_rust as *const () as usize,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Forwarder::Plain => "runtime.testCallRust",
            Forwarder::Big => "runtime.testCallRustBig",
            Forwarder::Clobber => "runtime.testClobberCallRust",
        }
    }

    /// Bytes the forwarder's prologue allocates (frame + saved BP).
    pub fn autosize(self) -> usize {
        match self {
            Forwarder::Plain | Forwarder::Clobber => 8,
            Forwarder::Big => (1 << 20) + 8,
        }
    }
}

/// A forwarder's view of one call, handed to the Rust function.
#[derive(Clone, Copy, Debug)]
pub struct CalleeCall {
    frame: *mut u8,
    call_sp: usize,
}

impl CalleeCall {
    /// The callee's argument frame (its `0(FP)`), on callN's stack.
    pub fn frame_ptr(&self) -> *mut u8 {
        self.frame
    }

    /// # Safety
    /// `len` must not exceed the argsize of the call.
    #[allow(clippy::mut_from_ref)]
    pub unsafe fn frame(&self, len: usize) -> &mut [u8] {
        // SAFETY: the caller's contract; callN copied argsize bytes there.
        unsafe { std::slice::from_raw_parts_mut(self.frame, len) }
    }

    /// SP in the forwarder at its CALL into Rust.
    pub fn call_sp(&self) -> usize {
        self.call_sp
    }

    /// The PC in the forwarder after its CALL (the return address stored just below `call_sp`).
    pub fn pc(&self) -> usize {
        // SAFETY: the CALL pushed it; the frame is live while the Rust function runs.
        unsafe { *((self.call_sp - 8) as *const usize) }
    }

    /// SP at the forwarder's entry.
    pub fn entry_sp(&self) -> usize {
        self.frame as usize - 8
    }

    /// The forwarder's return address (in callN).
    pub fn return_pc(&self) -> usize {
        // SAFETY: as in `pc`.
        unsafe { *(self.entry_sp() as *const usize) }
    }
}

#[repr(C)]
struct RustEnv {
    call: unsafe extern "C-unwind" fn(*mut c_void, *mut u8, usize),
    ctx: *mut c_void,
}

type Callback<'a> = &'a mut dyn FnMut(&CalleeCall);

unsafe extern "C-unwind" fn trampoline(ctx: *mut c_void, frame: *mut u8, call_sp: usize) {
    runtime::check_call_sp("a Rust callee", call_sp);
    // SAFETY: ctx is the `&mut Callback` `with_rust_callee` made, alive for the call.
    let f = unsafe { &mut *(ctx as *mut Callback) };
    f(&CalleeCall { frame, call_sp });
}

/// Builds a funcval whose code is the forwarder and whose context makes it call `f`, and hands it
/// to `body` (which calls reflectcall with it). Panics in `f` unwind through the Go frames.
pub fn with_rust_callee<R>(fwd: Forwarder, f: &mut dyn FnMut(&CalleeCall), body: impl FnOnce(&FuncVal) -> R) -> R {
    let mut cb: Callback = f;
    let env = RustEnv { call: trampoline, ctx: &mut cb as *mut Callback as *mut c_void };
    // SAFETY: the forwarders read 8(DX) and 16(DX) as RustEnv lays them out, and the frame only
    // through the callback.
    let clo = unsafe { Closure::new(fwd.code(), env) };
    body(clo.funcval())
}
