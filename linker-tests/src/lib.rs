//! A small Rust runtime that links the objects p9asm makes and calls them: Go's `reflectcall`
//! (`stubs/asm_amd64.s`: reflectcall, the CALLFN-generated `callN`, `callRet`) on x86-64 Linux.
//!
//! `build.rs` assembles the stubs and this crate's glue (`asm/*.s`) with the p9asm library and
//! links them whole-archive. The glue is Plan 9 assembly too: the C ABI entry
//! `p9_reflectcall`, the ABI0 functions the stubs call (`runtime·reflectcallmove`,
//! `runtime·morestack[_noctxt]`, `runtime·badreflectcall`), the TLS slot `runtime·tlsg` and
//! `runtime·no_pointers_stackmap`, plus test callees.
//!
//! The Rust side provides what Go's runtime would: a [`g::G`] per thread with the real stack
//! bounds and guard ([`g`]), `reflectcallmove` with a modelled write barrier, and `morestack` /
//! `badreflectcall` that report errors by unwinding through the Go frames ([`runtime`]). The
//! [`stackmap`] module reads p9asm's stack-map section and unwinds with it alone.
//!
//! On targets other than x86-64 Linux the crate is empty.
#![cfg(p9stubs)]

mod call;
pub mod callees;
pub mod g;
pub mod runtime;
pub mod stackmap;

pub use call::{
    CallError, Closure, Frame, FuncVal, MoreStack, call, p9_reflectcall, reflectcall, reflectcall_raw, size_class,
};
pub use runtime::Type;

/// The listing (`-S`) of everything build.rs assembled.
pub const ASM_LISTING: &str = include_str!(concat!(env!("OUT_DIR"), "/asm_listing.txt"));
/// The warnings p9asm printed while assembling (rendered).
pub const ASM_WARNINGS: &str = include_str!(concat!(env!("OUT_DIR"), "/asm_warnings.txt"));
