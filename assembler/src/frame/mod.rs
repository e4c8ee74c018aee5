//! The arch-neutral frame model: what each Prog does to the stack frame, the pc-value tables
//! Go derives from it, and its lowering to DWARF CFI and to the stack-map section.

pub mod cfi;
pub mod lint;
pub mod model;
pub mod pctab;
pub mod stackmap;

use p9asm_macros::Origin;

use crate::prog::{Addr, Op, Prog, Reg};

/// Go 1.19's PCDATA indexes (runtime/funcdata.h).
pub const PCDATA_UNSAFE_POINT: i64 = 0;
pub const PCDATA_STACK_MAP_INDEX: i64 = 1;

/// A frame effect of one Prog other than its SP adjustment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum FrameNote {
    #[default]
    None,
    /// Stores the caller's value of a register at CFA + offset (offset is negative).
    SaveReg(Reg, i32),
    /// Reloads a saved register: from here on it holds the caller's value again.
    RestoreReg(Reg),
    /// Writes SP in a way the assembler cannot follow: from here on the frame is unknown.
    SpWrite,
}

/// `PCDATA $index, $value`, as the assembler inserts it.
pub fn pcdata(origin: Origin, index: i64, value: i64) -> Prog {
    Prog::with(Op::PCDATA, origin, &[Addr::Imm(index), Addr::Imm(value)]).synth()
}

/// Go's StartUnsafePoint / EndUnsafePoint markers (`PCDATA $0, $-2` and `$-1`).
pub fn unsafe_point(origin: Origin, value: i64) -> Prog {
    pcdata(origin, PCDATA_UNSAFE_POINT, value)
}
