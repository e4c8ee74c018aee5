//! arm registers in Go's numbering (the constants are generated from Go's a.out.go into
//! [`super::aout`]), their names as Go's `-S` prints them (list5.go `rconv`), the register
//! table of the parser (cmd/asm/internal/arch/arch.go `archArm`) and the DWARF mapping.

use std::borrow::Cow;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

pub use super::aout::*;
use crate::frame::cfi::RegisterMapper;
use crate::prog::Reg;

/// Go's `rconv` (list5.go).
pub fn rconv(r: i64) -> Cow<'static, str> {
    if r == 0 {
        return "NONE".into();
    }
    if r == REGG {
        return "g".into();
    }
    match r {
        _ if (REG_R0..=REG_R15).contains(&r) => format!("R{}", r - REG_R0).into(),
        _ if (REG_F0..=REG_F15).contains(&r) => format!("F{}", r - REG_F0).into(),
        REG_FPSR => "FPSR".into(),
        REG_FPCR => "FPCR".into(),
        REG_CPSR => "CPSR".into(),
        REG_SPSR => "SPSR".into(),
        REG_MB_SY => "MB_SY".into(),
        REG_MB_ST => "MB_ST".into(),
        REG_MB_ISH => "MB_ISH".into(),
        REG_MB_ISHST => "MB_ISHST".into(),
        REG_MB_NSH => "MB_NSH".into(),
        REG_MB_NSHST => "MB_NSHST".into(),
        REG_MB_OSH => "MB_OSH".into(),
        REG_MB_OSHST => "MB_OSHST".into(),
        // the coprocessor registers C0-C15 are plain numbers in Go's table
        _ if (0..16).contains(&r) => format!("C{r}").into(),
        _ => format!("Rgok({})", r - 3 * 1024).into(),
    }
}

/// The parser's register table: `R0`–`R15` (without `R10`, which is `g`), `F0`–`F15`,
/// `FPSR`, `FPCR`, `CPSR` (Go's loop stops before `SPSR`), the coprocessor registers
/// `C0`–`C15` (the numbers 0–15) and the barrier options `MB_*`.
fn table() -> &'static FxHashMap<&'static str, i64> {
    static T: OnceLock<FxHashMap<&'static str, i64>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m: FxHashMap<&'static str, i64> = FxHashMap::default();
        let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
        for i in REG_R0..REG_SPSR {
            m.insert(leak(rconv(i).into_owned()), i);
        }
        m.remove("R10");
        m.insert("g", REG_R10);
        for i in 0..16 {
            m.insert(leak(format!("C{i}")), i);
        }
        for r in REG_MB_SY..=REG_MB_OSHST {
            m.insert(leak(rconv(r).into_owned()), r);
        }
        m
    })
}

pub fn lookup(name: &str) -> Option<Reg> {
    table().get(name).map(|&r| Reg(r as u16))
}

/// Go's `armRegisterNumber`: `R(n)` and `F(n)` for 0–15.
pub fn prefix(name: &str, n: i64) -> Option<Reg> {
    if !(0..=15).contains(&n) {
        return None;
    }
    let r = match name {
        "R" => REG_R0 + n,
        "F" => REG_F0 + n,
        _ => return None,
    };
    Some(Reg(r as u16))
}

/// Go's `ARMDWARFRegisters`: R0–R15 are 0–15, F0–F15 are the VFP D registers (256 + n in
/// the AAPCS DWARF numbering; Go 1.19 writes 64 + 2n, the legacy S-register numbers of the
/// even half, which is what F0–F15 name as singles).
pub struct ArmDwarf;

/// AAPCS callee-saved general registers R4–R11 (R10 is g, R11 the assembler's REGTMP).
static CALLEE_SAVED: [Reg; 8] = {
    let mut v = [Reg(0); 8];
    let mut i = 0;
    while i < 8 {
        v[i] = Reg((REG_R4 + i as i64) as u16);
        i += 1;
    }
    v
};

impl RegisterMapper for ArmDwarf {
    fn sp(&self) -> u16 {
        13
    }
    fn return_address(&self) -> u16 {
        14
    }
    fn callee_saved(&self) -> &'static [Reg] {
        &CALLEE_SAVED
    }
    fn map(&self, r: Reg) -> Option<u16> {
        let r = r.0 as i64;
        match r {
            _ if (REG_R0..=REG_R15).contains(&r) => Some((r - REG_R0) as u16),
            _ if (REG_F0..=REG_F15).contains(&r) => Some((64 + 2 * (r - REG_F0)) as u16),
            _ => None,
        }
    }
}
