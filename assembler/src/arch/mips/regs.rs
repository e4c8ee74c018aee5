//! mips64 registers in Go's numbering (the constants are generated from Go's a.out.go into
//! [`super::aout`]), their names as Go's `-S` prints them (list0.go `rconv`), the register
//! table of the parser (cmd/asm/internal/arch/arch.go `archMips64`) and the DWARF mapping
//! (a.out.go `MIPSDWARFRegisters`).

use std::borrow::Cow;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

pub use super::aout::*;
use crate::frame::cfi::RegisterMapper;
use crate::prog::Reg;

/// Go's `rconv`.
pub fn rconv(r: i64) -> Cow<'static, str> {
    match r {
        0 => "NONE".into(),
        REGG => "g".into(),
        _ if (REG_R0..=REG_R31).contains(&r) => format!("R{}", r - REG_R0).into(),
        _ if (REG_F0..=REG_F31).contains(&r) => format!("F{}", r - REG_F0).into(),
        _ if (REG_M0..=REG_M31).contains(&r) => format!("M{}", r - REG_M0).into(),
        _ if (REG_FCR0..=REG_FCR31).contains(&r) => format!("FCR{}", r - REG_FCR0).into(),
        _ if (REG_W0..=REG_W31).contains(&r) => format!("W{}", r - REG_W0).into(),
        REG_HI => "HI".into(),
        REG_LO => "LO".into(),
        _ => format!("Rgok({})", r - REG_R0).into(),
    }
}

/// The parser's register table: `R0`–`R31` without `R28` and `R30`, `F`, `M`, `FCR`, `W`,
/// `HI`, `LO`, and Go's aliases `g` (R30) and `RSB` (R28).
fn table() -> &'static FxHashMap<&'static str, i64> {
    static T: OnceLock<FxHashMap<&'static str, i64>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m: FxHashMap<&'static str, i64> = FxHashMap::default();
        let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
        for i in (REG_R0..=REG_R31).chain(REG_F0..=REG_F31).chain(REG_M0..=REG_M31) {
            m.insert(leak(rconv(i).into_owned()), i);
        }
        for i in (REG_FCR0..=REG_FCR31).chain(REG_W0..=REG_W31) {
            m.insert(leak(rconv(i).into_owned()), i);
        }
        m.insert("HI", REG_HI);
        m.insert("LO", REG_LO);
        // rconv prints R30 as g; Go deletes "R30" and "R28" to avoid clobbering g and RSB
        m.remove("R30");
        m.insert("g", REG_R30);
        m.remove("R28");
        m.insert("RSB", REG_R28);
        m
    })
}

pub fn lookup(name: &str) -> Option<Reg> {
    table().get(name).map(|&r| Reg(r as u16))
}

/// Go's `mipsRegisterNumber`: `R(n)`, `F(n)`, `FCR(n)`, `M(n)`, `W(n)`.
pub fn prefix(name: &str, n: i64) -> Option<Reg> {
    if !(0..=31).contains(&n) {
        return None;
    }
    let base = match name {
        "F" => REG_F0,
        "FCR" => REG_FCR0,
        "M" => REG_M0,
        "R" => REG_R0,
        "W" => REG_W0,
        _ => return None,
    };
    Some(Reg((base + n) as u16))
}

/// Go's `MIPSDWARFRegisters`: r0–r31 are 0–31, f0–f31 32–63, HI 64, LO 65.
pub struct MipsDwarf;

/// n64 callee-saved general registers: s0–s7 (R16–R23), gp (R28), s8/fp (R30).
static CALLEE_SAVED: [Reg; 10] = {
    let mut v = [Reg(0); 10];
    let mut i = 0;
    while i < 8 {
        v[i] = Reg((REG_R16 + i as i64) as u16);
        i += 1;
    }
    v[8] = Reg(REG_R28 as u16);
    v[9] = Reg(REG_R30 as u16);
    v
};

impl RegisterMapper for MipsDwarf {
    fn sp(&self) -> u16 {
        29
    }
    fn return_address(&self) -> u16 {
        31
    }
    fn callee_saved(&self) -> &'static [Reg] {
        &CALLEE_SAVED
    }
    fn map(&self, r: Reg) -> Option<u16> {
        let r = r.0 as i64;
        match r {
            _ if (REG_R0..=REG_R31).contains(&r) => Some((r - REG_R0) as u16),
            _ if (REG_F0..=REG_F31).contains(&r) => Some((r - REG_F0 + 32) as u16),
            REG_HI => Some(64),
            REG_LO => Some(65),
            _ => None,
        }
    }
}
