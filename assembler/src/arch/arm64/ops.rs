//! Mnemonic lookup for arm64: every mnemonic of Go 1.19's arm64 assembler (the generated table
//! in `anames.rs`, from cmd/internal/obj/arm64/anames.go) plus Go's aliases `B` (= `JMP`) and
//! `BL` (= `CALL`), which Go's a.out.go defines as `obj.AJMP` and `obj.ACALL`.
//! `Op(Op::FIRST_ARCH + i)` is `NAMES[i]`.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

pub use super::anames::NAMES;
use crate::prog::Op;

/// Go's `AB`: the unconditional branch is the shared `JMP`.
pub const B: Op = Op::JMP;
/// Go's `ABL`: branch with link is the shared `CALL`.
pub const BL: Op = Op::CALL;

fn table() -> &'static FxHashMap<&'static str, Op> {
    static T: OnceLock<FxHashMap<&'static str, Op>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m: FxHashMap<&'static str, Op> = FxHashMap::default();
        for (i, n) in NAMES.iter().enumerate() {
            m.insert(n, Op(Op::FIRST_ARCH + i as u16));
        }
        m.insert("B", B);
        m.insert("BL", BL);
        // Go's obj.AEND, which the arm64 testdata ends with; it assembles to nothing
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

/// Go's `jumpArm64` (besides `B`, `BL`, `JMP` and `CALL`, which the parser knows): the
/// conditional branches, compare-and-branch, test-and-branch, and `ADR`/`ADRP`, which take a
/// label like a jump.
pub fn is_jump(op: Op) -> bool {
    matches!(
        name(op),
        "BEQ"
            | "BNE"
            | "BCS"
            | "BHS"
            | "BCC"
            | "BLO"
            | "BMI"
            | "BPL"
            | "BVS"
            | "BVC"
            | "BHI"
            | "BLS"
            | "BGE"
            | "BLT"
            | "BGT"
            | "BLE"
            | "CBZ"
            | "CBZW"
            | "CBNZ"
            | "CBNZW"
            | "TBNZ"
            | "TBZ"
            | "ADR"
            | "ADRP"
    ) || op == B
        || op == BL
}
