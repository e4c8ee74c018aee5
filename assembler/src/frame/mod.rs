//! The arch-neutral frame model: what each Prog does to the stack frame, the pc-value tables
//! Go derives from it, and its lowering to DWARF CFI, to ARM EHABI unwind entries and to the
//! stack-map section.

pub mod cfi;
pub mod ehabi;
pub mod lint;
pub mod model;
pub mod pctab;
pub mod stackmap;

use p9asm_macros::Origin;

use std::borrow::Cow;

pub use crate::prog::FrameNote;
use crate::prog::{Addr, Op, Prog, Reg};

/// What the frame model, its lint and the unwind tables need to know of an instruction set:
/// a narrow view of [`crate::arch::Arch`], so that `frame/` depends on no more than this.
pub trait FrameIsa: Sync {
    /// Whether the instruction takes a branch target (labels and `n(PC)` are allowed).
    fn is_jump(&self, op: Op) -> bool;
    /// Whether `p` executes only under a condition (arm's `RET.EQ`, `B.NE`): a conditional
    /// return or jump does not end the path, it also falls through.
    fn is_predicated(&self, _p: &Prog) -> bool {
        false
    }
    /// The register the frame lint treats as the frame pointer (BP on amd64).
    fn frame_pointer(&self) -> Option<Reg>;
    /// Whether `p` writes register `r` (its destination, for the frame lint).
    fn writes_register(&self, p: &Prog, r: Reg) -> bool;
    fn register_name(&self, r: Reg) -> Cow<'static, str>;
    /// Whether `p` has a branch delay slot (mips): the Prog after it executes before the
    /// transfer of control, so `p`'s control flow, SP adjustment and frame note take effect
    /// after that slot, not after `p`.
    fn has_delay_slot(&self, _p: &Prog) -> bool {
        false
    }
    /// Whether any instruction of the ISA has a delay slot ([`FrameIsa::has_delay_slot`] can
    /// be true): the frame model skips looking for slots where none exist.
    fn delay_slots(&self) -> bool {
        false
    }
}

/// Go 1.19's PCDATA indexes (runtime/funcdata.h).
pub const PCDATA_UNSAFE_POINT: i64 = 0;
pub const PCDATA_STACK_MAP_INDEX: i64 = 1;

/// `PCDATA $index, $value`, as the assembler inserts it.
pub fn pcdata(origin: Origin, index: i64, value: i64) -> Prog {
    Prog::with(Op::PCDATA, origin, &[Addr::Imm(index), Addr::Imm(value)]).synth()
}

/// Go's StartUnsafePoint / EndUnsafePoint markers (`PCDATA $0, $-2` and `$-1`).
pub fn unsafe_point(origin: Origin, value: i64) -> Prog {
    pcdata(origin, PCDATA_UNSAFE_POINT, value)
}
