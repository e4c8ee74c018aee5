//! What the stubs call back into: `reflectcallmove` (with a modelled bulk write barrier),
//! `morestack` and `badreflectcall` (reported as [`CallError`]s), and the checks on the way.
//!
//! The glue in `asm/glue_amd64.s` calls the `p9_*` functions here with the C ABI and passes its
//! SP at the CALL, so every entry from Go code checks that the stack is 16-byte aligned.

use std::cell::{Cell, RefCell};
use std::ffi::c_void;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::call::{CallError, MoreStack};
use crate::g;

pub const PTR_SIZE: usize = 8;
/// `kindNoPointers` in Go's `_type.kind` (2016 runtime).
pub const KIND_NO_POINTERS: u8 = 1 << 7;

/// Go's `_type` as of late 2016 (what `reflectcall`'s `argtype` points at).
#[repr(C)]
#[derive(Debug)]
pub struct Type {
    /// 0
    pub size: usize,
    /// 8: prefix of the type that may hold pointers.
    pub ptrdata: usize,
    /// 16
    pub hash: u32,
    /// 20
    pub tflag: u8,
    /// 21
    pub align: u8,
    /// 22
    pub field_align: u8,
    /// 23: the kind, plus `KIND_NO_POINTERS` and friends.
    pub kind: u8,
    /// 24
    pub alg: *const c_void,
    /// 32
    pub gcdata: *const u8,
    /// 40
    pub str_off: i32,
    /// 44
    pub ptr_to_this: i32,
}

const _: () = {
    assert!(std::mem::offset_of!(Type, ptrdata) == 8);
    assert!(std::mem::offset_of!(Type, kind) == 23);
    assert!(std::mem::size_of::<Type>() == 48);
};

// SAFETY: the raw pointers are never dereferenced here; a Type is plain read-only data.
unsafe impl Sync for Type {}

/// Go's `kindStruct`.
pub const KIND_STRUCT: u8 = 25;

impl Type {
    /// A struct type of `size` bytes whose first `ptrdata` bytes may hold pointers.
    pub const fn argument_frame(size: usize, ptrdata: usize) -> Type {
        let kind = if ptrdata == 0 { KIND_STRUCT | KIND_NO_POINTERS } else { KIND_STRUCT };
        Type {
            size,
            ptrdata,
            hash: 0,
            tflag: 0,
            align: PTR_SIZE as u8,
            field_align: PTR_SIZE as u8,
            kind,
            alg: std::ptr::null(),
            gcdata: std::ptr::null(),
            str_off: 0,
            ptr_to_this: 0,
        }
    }

    pub fn has_pointers(&self) -> bool {
        self.kind & KIND_NO_POINTERS == 0
    }
}

/// One call of `reflectcallmove`, as callRet made it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MoveRecord {
    pub typ: usize,
    pub dst: usize,
    pub src: usize,
    pub size: usize,
    /// SP in `runtime·reflectcallmove` at its CALL into Rust (the return address is below it).
    pub call_sp: usize,
}

/// One bulk write barrier: the destination range and the pointer-sized words in it after the copy
/// (what Go's `heapBitsBulkBarrier` would shade, given heap bits saying "all pointers").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BarrierRecord {
    pub dst: usize,
    pub size: usize,
    pub words: Vec<usize>,
}

thread_local! {
    static WB_ENABLED: Cell<bool> = const { Cell::new(false) };
    static RECORDING: Cell<bool> = const { Cell::new(true) };
    static MOVES: RefCell<Vec<MoveRecord>> = const { RefCell::new(Vec::new()) };
    static BARRIERS: RefCell<Vec<BarrierRecord>> = const { RefCell::new(Vec::new()) };
    static MOVE_HOOK: Cell<Option<fn(&MoveRecord)>> = const { Cell::new(None) };
    static FAULT: RefCell<Option<CallError>> = const { RefCell::new(None) };
}

static MISALIGNED: AtomicUsize = AtomicUsize::new(0);
static ALIGNED: AtomicUsize = AtomicUsize::new(0);

/// The write barrier switch and log. Per thread (Go's `writeBarrier.needed` is global; a
/// per-thread switch keeps concurrently running tests apart).
pub mod write_barrier {
    use super::*;

    pub fn set_enabled(on: bool) {
        WB_ENABLED.with(|c| c.set(on));
    }

    pub fn enabled() -> bool {
        WB_ENABLED.with(|c| c.get())
    }

    /// The barriers run on this thread since the last `take`.
    pub fn take() -> Vec<BarrierRecord> {
        BARRIERS.with(|b| std::mem::take(&mut *b.borrow_mut()))
    }
}

/// Whether `reflectcallmove` logs its calls on this thread (on by default).
pub fn set_recording(on: bool) {
    RECORDING.with(|c| c.set(on));
}

/// The `reflectcallmove` calls on this thread since the last `take_moves`.
pub fn take_moves() -> Vec<MoveRecord> {
    MOVES.with(|m| std::mem::take(&mut *m.borrow_mut()))
}

/// A function `reflectcallmove` calls (on this thread) after copying, with the record; it runs
/// with the Go frames (callRet, callN) still on the stack below the Rust frames.
pub fn set_move_hook(hook: Option<fn(&MoveRecord)>) {
    MOVE_HOOK.with(|h| h.set(hook));
}

/// Calls from Go code into Rust whose SP was not 16-byte aligned at the CALL (any thread).
pub fn misaligned_calls() -> usize {
    MISALIGNED.load(Ordering::Relaxed)
}

/// Calls from Go code into Rust that were checked and aligned (any thread).
pub fn aligned_calls() -> usize {
    ALIGNED.load(Ordering::Relaxed)
}

/// Every entry from Go code into Rust checks the SP its CALL ran with.
pub fn check_call_sp(what: &str, call_sp: usize) {
    if !call_sp.is_multiple_of(16) {
        MISALIGNED.fetch_add(1, Ordering::Relaxed);
        panic!("p9 runtime: {what} was called with SP {call_sp:#x}, not 16-byte aligned");
    }
    ALIGNED.fetch_add(1, Ordering::Relaxed);
}

pub(crate) fn take_fault() -> Option<CallError> {
    FAULT.with(|f| f.borrow_mut().take())
}

fn set_fault(e: CallError) {
    FAULT.with(|f| *f.borrow_mut() = Some(e));
}

/// `runtime.reflectcallmove(typ, dst, src, size)`, reached through the ABI0 forwarder in
/// `asm/glue_amd64.s`: memmove, then the bulk write barrier when barriers are on, the frame type
/// has pointers and at least a pointer's worth is copied (Go's condition since CL 31655).
///
/// # Safety
/// Called only by the glue, with callRet's arguments.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn p9_reflectcallmove(
    typ: *const Type,
    dst: *mut u8,
    src: *const u8,
    size: usize,
    call_sp: usize,
) {
    check_call_sp("reflectcallmove", call_sp);
    // SAFETY: callRet passes the caller's argument buffer and callN's frame, `size` bytes each.
    unsafe { std::ptr::copy(src, dst, size) };
    // SAFETY: typ is nil or points at a Type the caller of reflectcall passed.
    let typ_ref = unsafe { typ.as_ref() };
    if write_barrier::enabled() && typ_ref.is_some_and(Type::has_pointers) && size >= PTR_SIZE {
        // SAFETY: dst..dst+size was just written.
        unsafe { bulk_barrier(dst, size) };
    }
    let rec = MoveRecord { typ: typ as usize, dst: dst as usize, src: src as usize, size, call_sp };
    if let Some(hook) = MOVE_HOOK.with(|h| h.get()) {
        hook(&rec);
    }
    if RECORDING.with(|c| c.get()) {
        MOVES.with(|m| m.borrow_mut().push(rec));
    }
}

/// The model of `heapBitsBulkBarrier(dst, size)`: log the range and every pointer-sized word in
/// it (the real barrier would shade the ones the heap bitmap marks as pointers).
unsafe fn bulk_barrier(dst: *const u8, size: usize) {
    let n = size / PTR_SIZE;
    let mut words = Vec::with_capacity(n);
    for i in 0..n {
        // SAFETY: inside dst..dst+size; the buffer need not be aligned.
        words.push(unsafe { std::ptr::read_unaligned(dst.add(i * PTR_SIZE) as *const usize) });
    }
    BARRIERS.with(|b| b.borrow_mut().push(BarrierRecord { dst: dst as usize, size, words }));
}

/// `runtime.morestack` / `runtime.morestack_noctxt`: a function's frame does not fit above
/// `g.stackguard0`. This runtime cannot grow stacks, so it panics with a message saying which
/// function; the panic unwinds through the Go frames (their `.eh_frame`) and [`crate::reflectcall`]
/// turns it into [`CallError::MoreStack`].
///
/// `pc` is in the prologue of the function that needs the stack, `caller_pc` its return address,
/// `sp` its SP, `ctxt` its closure context (`has_ctxt` for `runtime.morestack`).
#[unsafe(no_mangle)]
pub extern "C-unwind" fn p9_morestack(
    pc: usize,
    caller_pc: usize,
    ctxt: usize,
    sp: usize,
    call_sp: usize,
    has_ctxt: u32,
) -> ! {
    check_call_sp("morestack", call_sp);
    let gi = g::info();
    let func = crate::stackmap::find_func(pc);
    let info = MoreStack {
        function: func.map_or_else(|| format!("<unknown function at {pc:#x}>"), |f| f.name.to_string()),
        frame_size: func.map_or(0, |f| f.autosize.max(0) as usize),
        pc,
        caller_pc,
        caller: crate::stackmap::find_func(caller_pc.wrapping_sub(1)).map(|f| f.name.to_string()),
        sp,
        ctxt: (has_ctxt != 0).then_some(ctxt),
        stack: gi.stack,
        stackguard0: gi.stackguard0,
        // SAFETY: call_sp is the glue's live SP at its CALL; the return address is below it.
        go_frames: unsafe { crate::stackmap::unwind(*((call_sp - 8) as *const usize), call_sp, 16) }
            .iter()
            .map(|f| f.func.name.to_string())
            .collect(),
    };
    let msg = format!("p9 runtime: {info}");
    set_fault(CallError::MoreStack(Box::new(info)));
    panic!("{msg}");
}

/// `runtime.badreflectcall`: reflectcall's argsize is over the largest callN (1 GiB).
#[unsafe(no_mangle)]
pub extern "C-unwind" fn p9_badreflectcall(_argtype: *const Type, f: *const c_void, argsize: u32, call_sp: usize) -> ! {
    check_call_sp("badreflectcall", call_sp);
    let e = CallError::BadReflectCall { argsize, funcval: f as usize };
    let msg = format!("p9 runtime: {e}");
    set_fault(e);
    panic!("{msg}");
}
