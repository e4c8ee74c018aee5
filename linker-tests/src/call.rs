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
    let r = catch_unwind(AssertUnwindSafe(|| unsafe { p9_reflectcall(typ, f, arg, argsize, retoffset) }));
    match r {
        Ok(()) => Ok(()),
        Err(payload) => match runtime::take_fault() {
            Some(e) => Err(e),
            None => resume_unwind(payload),
        },
    }
}

/// A Go ABI0 argument frame as a Rust type: the arguments, then the results, at the offsets
/// Go's frame layout gives them (each field aligned to its size, the results starting at a
/// pointer-aligned offset), which `#[repr(C)]` reproduces for Go's integer, pointer, slice
/// (`ptr, len, cap`) and string (`ptr, len`) types.
///
/// # Safety
/// The type must be `#[repr(C)]` with exactly that layout, `RESULTS_AT` must be the offset of
/// the first result (the size of the type when there are none), and every bit pattern the
/// callee may write into the results must be valid for their fields.
pub unsafe trait Frame: Sized {
    /// Where the results start: reflectcall copies back from here to the end.
    const RESULTS_AT: u32;
}

/// Calls the Go ABI0 function `f` with `frame` as its argument frame, through the seed's
/// `reflectcall` (the generic call bridge: any frame size up to 1 GiB, results copied back with
/// `reflectcallmove`). On return the results in `frame` are the callee's.
///
/// ```
/// use linker_tests::{Frame, call, callees};
///
/// // testAdd(a, b, c int64) (sum, diff int64), in asm/callees_amd64.s
/// #[repr(C)]
/// struct Add { a: i64, b: i64, c: i64, sum: i64, diff: i64 }
/// unsafe impl Frame for Add { const RESULTS_AT: u32 = 24; }
///
/// let mut f = Add { a: 40, b: 1, c: 1, sum: 0, diff: 0 };
/// call(&callees::add(), &mut f).unwrap();
/// assert_eq!((f.sum, f.diff), (42, 38));
/// ```
///
/// The same for a function p9asm assembled from Go's own sources in a build script (this is
/// `build-tests/src/lib.rs`, which assembles `crypto/md5`'s `md5block_amd64.s` with
/// [`p9asm::Build`](https://docs.rs/p9asm)):
///
/// ```ignore
/// unsafe extern "C" {
///     #[link_name = "crypto/md5.block"]
///     fn go_md5_block(); // func block(dig *digest, p []byte)
/// }
/// #[repr(C)]
/// struct Block { dig: *mut [u32; 4], p: *const u8, len: usize, cap: usize }
/// unsafe impl Frame for Block { const RESULTS_AT: u32 = 32; }
/// let f = unsafe { FuncVal::new(go_md5_block as *const () as usize) };
/// call(&f, &mut Block { dig: &mut state, p: msg.as_ptr(), len: msg.len(), cap: msg.len() })?;
/// ```
///
/// Errors as [`reflectcall`]: `morestack` when the callee's frame does not fit this thread's
/// stack (reported, not grown), `badreflectcall` for frames over 1 GiB.
pub fn call<F: Frame>(f: &FuncVal, frame: &mut F) -> Result<(), CallError> {
    let len = std::mem::size_of::<F>();
    // SAFETY: F is plain repr(C) data of len bytes (Frame's contract), borrowed mutably.
    let bytes = unsafe { std::slice::from_raw_parts_mut(frame as *mut F as *mut u8, len) };
    reflectcall(None, f, bytes, F::RESULTS_AT)
}

/// The callN reflectcall picks for `argsize` (`None`: badreflectcall).
pub fn size_class(argsize: u32) -> Option<u32> {
    (5..=30).map(|k| 1u32 << k).find(|&n| argsize <= n)
}
