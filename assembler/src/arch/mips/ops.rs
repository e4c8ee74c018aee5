//! Mnemonic lookup for mips64: every mnemonic of Go 1.19's mips assembler (the generated table
//! in `anames.rs`, from cmd/internal/obj/mips/anames.go) plus Go's alias `JAL` (= `CALL`, as
//! a.out.go defines `AJAL = obj.ACALL`). `Op(Op::FIRST_ARCH + i)` is `NAMES[i]`.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

pub use super::anames::NAMES;
use crate::prog::Op;

/// Go's `AJAL`: jump and link is the shared `CALL`.
pub const JAL: Op = Op::CALL;

fn table() -> &'static FxHashMap<&'static str, Op> {
    static T: OnceLock<FxHashMap<&'static str, Op>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m: FxHashMap<&'static str, Op> = FxHashMap::default();
        for (i, n) in NAMES.iter().enumerate() {
            m.insert(n, Op(Op::FIRST_ARCH + i as u16));
        }
        m.insert("JAL", JAL);
        // Go's obj.AEND, which the mips64 testdata ends with; it assembles to nothing
        m.insert("END", Op::END);
        m
    })
}

pub fn lookup(name: &str) -> Option<Op> {
    table().get(name).copied()
}

pub fn name(op: Op) -> &'static str {
    if op.is_pseudo() {
        return Op::PSEUDO_NAMES.get(op.0 as usize).copied().unwrap_or("???");
    }
    NAMES.get((op.0 - Op::FIRST_ARCH) as usize).copied().unwrap_or("???")
}

/// Go's `jumpMIPS` (besides `JMP`, `JAL` and `CALL`, which the parser knows).
pub fn is_jump(op: Op) -> bool {
    matches!(name(op), "BEQ" | "BFPF" | "BFPT" | "BGEZ" | "BGEZAL" | "BGTZ" | "BLEZ" | "BLTZ" | "BLTZAL" | "BNE")
        || op == JAL
}

/// asm.go's `IsMIPSCMP`: the two-operand compares whose second operand is Go's `Reg`.
pub fn is_cmp(op: Op) -> bool {
    matches!(name(op), "CMPEQF" | "CMPEQD" | "CMPGEF" | "CMPGED" | "CMPGTF" | "CMPGTD")
}

/// asm.go's `IsMIPSMUL`: the two-operand multiply/divide forms (HI/LO results).
pub fn is_mul(op: Op) -> bool {
    matches!(
        name(op),
        "MUL"
            | "MULU"
            | "MULV"
            | "MULVU"
            | "DIV"
            | "DIVU"
            | "DIVV"
            | "DIVVU"
            | "REM"
            | "REMU"
            | "REMV"
            | "REMVU"
            | "MADD"
            | "MSUB"
    )
}
