//! Mnemonic lookup for arm: every mnemonic of Go 1.19's arm assembler (the generated table in
//! `anames.rs`, from cmd/internal/obj/arm/anames.go) plus Go's aliases `B` (= `JMP`) and `BL`
//! (= `CALL`), and `MCR`, which Go's parser knows under an opcode of its own (`aMCR`) and
//! turns into an `MRC` word (arch/arm.go `ARMMRCOffset`). `Op(Op::FIRST_ARCH + i)` is
//! `NAMES[i]`.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

pub use super::anames::NAMES;
use crate::prog::Op;

/// Go's `AB`: the unconditional branch is the shared `JMP`.
pub const B: Op = Op::JMP;
/// Go's `ABL`: branch with link is the shared `CALL`.
pub const BL: Op = Op::CALL;
/// Go's `aMCR` (`arm.ALAST + 1`), known only to the parser.
pub const MCR: Op = Op(super::anames::LAST.0 + 1);

fn table() -> &'static FxHashMap<&'static str, Op> {
    static T: OnceLock<FxHashMap<&'static str, Op>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m: FxHashMap<&'static str, Op> = FxHashMap::default();
        for (i, n) in NAMES.iter().enumerate() {
            m.insert(n, Op(Op::FIRST_ARCH + i as u16));
        }
        m.insert("B", B);
        m.insert("BL", BL);
        m.insert("MCR", MCR);
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
    if op == MCR {
        return "MCR";
    }
    NAMES.get((op.0 - Op::FIRST_ARCH) as usize).copied().unwrap_or("???")
}

/// Go's `jumpArm` (besides `JMP` and `CALL`, which the parser knows): `B`, `BL`, `BX` and the
/// conditional branches.
pub fn is_jump(op: Op) -> bool {
    matches!(
        name(op),
        "BX" | "BEQ"
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
    ) || op == B
        || op == BL
}
