//! Mnemonic lookup for s390x: every mnemonic of Go 1.19's s390x assembler (the generated table
//! in `anames.rs`, from cmd/internal/obj/s390x/anames.go) plus Go's aliases `BR` (= `JMP`) and
//! `BL` (= `CALL`), which a.out.go defines as `obj.AJMP` and `obj.ACALL`.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

pub use super::anames::NAMES;
use crate::prog::Op;

/// Go's `ABR`.
pub const BR: Op = Op::JMP;
/// Go's `ABL`.
pub const BL: Op = Op::CALL;

fn table() -> &'static FxHashMap<&'static str, Op> {
    static T: OnceLock<FxHashMap<&'static str, Op>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m: FxHashMap<&'static str, Op> = FxHashMap::default();
        for (i, n) in NAMES.iter().enumerate() {
            m.insert(n, Op(Op::FIRST_ARCH + i as u16));
        }
        m.insert("BR", BR);
        m.insert("BL", BL);
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

/// Go's `jumpS390x`.
pub fn is_jump(op: Op) -> bool {
    matches!(
        name(op),
        "BRC"
            | "BC"
            | "BCL"
            | "BEQ"
            | "BGE"
            | "BGT"
            | "BLE"
            | "BLEU"
            | "BLT"
            | "BLTU"
            | "BNE"
            | "BVC"
            | "BVS"
            | "BRCT"
            | "BRCTG"
            | "CMPBEQ"
            | "CMPBGE"
            | "CMPBGT"
            | "CMPBLE"
            | "CMPBLT"
            | "CMPBNE"
            | "CMPUBEQ"
            | "CMPUBGE"
            | "CMPUBGT"
            | "CMPUBLE"
            | "CMPUBLT"
            | "CMPUBNE"
            | "CRJ"
            | "CGRJ"
            | "CLRJ"
            | "CLGRJ"
            | "CIJ"
            | "CGIJ"
            | "CLIJ"
            | "CLGIJ"
            | "CALL"
            | "JMP"
    )
}
