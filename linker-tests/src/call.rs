//! Calling Go ABI0 functions through `reflectcall`.

use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};

use crate::g::{self, Stack};
use crate::runtime::{self, Type};

/// Go's `funcval`: the code pointer, followed in memory by whatever the closure captured. The
/// callee finds it in DX.
#[repr(C)]
#[derive(Debug)]
pub struct FuncVal {
    code: usize,
}

impl FuncVal {
    /// # Safety
    /// `code` must be a Go ABI0 function that reads and writes only its argument frame (of the
    /// size it will be called with), preserves SP and BP, and touches the closure context only as
    /// far as this funcval reaches.
    pub const unsafe fn new(code: usize) -> FuncVal {
        FuncVal { code }
    }

    pub fn code(&self) -> usize {
        self.code
    }
}

/// A funcval with captured data after the code pointer (`8(DX)` onwards in the callee).
#[repr(C)]
#[derive(Debug)]
pub struct Closure<E> {
    code: usize,
    pub env: E,
}

impl<E> Closure<E> {
    /// # Safety
    /// As [`FuncVal::new`], for a callee that reads the context as an `E` at `8(DX)`.
    pub const unsafe fn new(code: usize, env: E) -> Closure<E> {
        Closure { code, env }
    }

    pub fn funcval(&self) -> &FuncVal {
        // SAFETY: repr(C) with the code pointer first: the start of a Closure is a FuncVal.
        unsafe { &*(self as *const Closure<E> as *const FuncVal) }
    }
}

/// Where `runtime.morestack` was reached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MoreStack {
    /// The function whose prologue found the stack too small (from the stack-map section).
    pub function: String,
    /// Its frame size (bytes its prologue allocates), from the stack-map section.
    pub frame_size: usize,
    pub pc: usize,
    pub caller_pc: usize,
    pub caller: Option<String>,
    /// SP at the function's entry.
    pub sp: usize,
    /// The closure context, if it came through `runtime.morestack` (NEEDCTXT).
    pub ctxt: Option<usize>,
    pub stack: Stack,
    pub stackguard0: usize,
    /// The Go frames from morestack up, walked with the stack-map section alone.
    pub go_frames: Vec<String>,
}

impl fmt::Display for MoreStack {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "morestack: {} (called from {}) needs a {}-byte frame below SP {:#x}, but stackguard0 is {:#x} \
             (stack [{:#x}, {:#x}), {} KiB); this runtime cannot grow stacks",
            self.function,
            self.caller.as_deref().unwrap_or("?"),
            self.frame_size,
            self.sp,
            self.stackguard0,
            self.stack.lo,
            self.stack.hi,
            (self.stack.hi - self.stack.lo) >> 10,
        )
    }
}

/// Why a call did not run to completion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallError {
    /// The argument frame does not fit reflectcall's 32-bit size.
    ArgsTooLarge { len: usize },
    /// `retoffset` is past the end of the argument frame.
    RetOffsetOutOfRange { retoffset: u32, argsize: u32 },
    /// `runtime.badreflectcall` was reached: argsize is over 1 GiB (the largest callN).
    BadReflectCall { argsize: u32, funcval: usize },
    /// `runtime.morestack` was reached.
    MoreStack(Box<MoreStack>),
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::ArgsTooLarge { len } => write!(f, "argument frame of {len} bytes does not fit in 32 bits"),
            CallError::RetOffsetOutOfRange { retoffset, argsize } => {
                write!(f, "retoffset {retoffset} is past the {argsize}-byte argument frame")
            }
            CallError::BadReflectCall { argsize, funcval } => write!(
                f,
                "badreflectcall: argument frame of {argsize} bytes is over the 1 GiB reflectcall supports (funcval {funcval:#x})"
            ),
            CallError::MoreStack(m) => m.fmt(f),
        }
    }
}

impl std::error::Error for CallError {}

unsafe extern "C-unwind" {
    /// The C ABI entry in `asm/glue_amd64.s`.
    pub fn p9_reflectcall(argtype: *const Type, f: *const FuncVal, arg: *mut u8, argsize: u32, retoffset: u32);
}

// Workaround for a p9asm bug: p9asm does not describe p9_reflectcall's PUSHes of callee-saved
// registers in `.eh_frame` yet (the TEXT Prog ends the "pushes at the start of the body" run in
// arch/x86/frame.rs before the first PUSHQ is seen), so an unwinder leaving p9_reflectcall (a
// panic from a callee, morestack, badreflectcall) would hand the frame above it whatever the Go
// code left in BX and R12-R15. This shim, written with GNU `.cfi_*` directives, saves them
// again where the unwinder can see it. Remove it once p9asm describes the PUSHes (the test
// `unwind::unwinder_restores_callee_saved_registers_through_p9_reflectcall` checks exactly that).
std::arch::global_asm!(
    ".pushsection .text.p9_reflectcall_cfi_shim,\"ax\",@progbits",
    ".globl p9_reflectcall_cfi_shim",
    ".type p9_reflectcall_cfi_shim,@function",
    "p9_reflectcall_cfi_shim:",
    ".cfi_startproc",
    "push rbx",
    ".cfi_adjust_cfa_offset 8",
    ".cfi_offset rbx, -16",
    "push r12",
    ".cfi_adjust_cfa_offset 8",
    ".cfi_offset r12, -24",
    "push r13",
    ".cfi_adjust_cfa_offset 8",
    ".cfi_offset r13, -32",
    "push r14",
    ".cfi_adjust_cfa_offset 8",
    ".cfi_offset r14, -40",
    "push r15",
    ".cfi_adjust_cfa_offset 8",
    ".cfi_offset r15, -48",
    // entry SP = 8 (mod 16), five pushes: 0 (mod 16) at the CALL
    "call {glue}",
    "pop r15",
    ".cfi_adjust_cfa_offset -8",
    ".cfi_restore r15",
    "pop r14",
    ".cfi_adjust_cfa_offset -8",
    ".cfi_restore r14",
    "pop r13",
    ".cfi_adjust_cfa_offset -8",
    ".cfi_restore r13",
    "pop r12",
    ".cfi_adjust_cfa_offset -8",
    ".cfi_restore r12",
    "pop rbx",
    ".cfi_adjust_cfa_offset -8",
    ".cfi_restore rbx",
    "ret",
    ".cfi_endproc",
    ".size p9_reflectcall_cfi_shim, .-p9_reflectcall_cfi_shim",
    ".popsection",
    glue = sym p9_reflectcall,
);

unsafe extern "C-unwind" {
    /// `p9_reflectcall` behind the CFI shim above (same arguments).
    fn p9_reflectcall_cfi_shim(argtype: *const Type, f: *const FuncVal, arg: *mut u8, argsize: u32, retoffset: u32);
}

/// Calls `f` with the argument frame `args` (Go's `reflectcall(argtype, f, arg, argsize,
/// retoffset)`): the frame is copied onto the stack of the smallest callN that holds it, `f`
/// runs, and the bytes from `retoffset` to the end are copied back through `reflectcallmove`
/// (with write barriers if `typ` has pointers and barriers are on).
///
/// Errors: a frame over 1 GiB (`badreflectcall`), or one too big for this thread's stack
/// (`morestack`), both reported by the runtime and unwound cleanly.
pub fn reflectcall(typ: Option<&Type>, f: &FuncVal, args: &mut [u8], retoffset: u32) -> Result<(), CallError> {
    let argsize = u32::try_from(args.len()).map_err(|_| CallError::ArgsTooLarge { len: args.len() })?;
    if retoffset > argsize {
        return Err(CallError::RetOffsetOutOfRange { retoffset, argsize });
    }
    let typ = typ.map_or(std::ptr::null(), |t| t as *const Type);
    // SAFETY: args is argsize bytes; FuncVal's constructor promised the rest.
    unsafe { reflectcall_raw(typ, f, args.as_mut_ptr(), argsize, retoffset) }
}

/// [`reflectcall`] without the checks.
///
/// # Safety
/// `arg` must be valid for `argsize` bytes (unless argsize is over 1 GiB: then it is not
/// touched), `retoffset <= argsize`, `typ` null or valid, `f` a valid funcval for this frame.
pub unsafe fn reflectcall_raw(
    typ: *const Type,
    f: *const FuncVal,
    arg: *mut u8,
    argsize: u32,
    retoffset: u32,
) -> Result<(), CallError> {
    g::install();
    drop(runtime::take_fault());
    // SAFETY: the caller's contract.
    let r = catch_unwind(AssertUnwindSafe(|| unsafe { p9_reflectcall_cfi_shim(typ, f, arg, argsize, retoffset) }));
    match r {
        Ok(()) => Ok(()),
        Err(payload) => match runtime::take_fault() {
            Some(e) => Err(e),
            None => resume_unwind(payload),
        },
    }
}

/// The callN reflectcall picks for `argsize` (`None`: badreflectcall).
pub fn size_class(argsize: u32) -> Option<u32> {
    (5..=30).map(|k| 1u32 << k).find(|&n| argsize <= n)
}
