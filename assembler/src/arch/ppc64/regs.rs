//! ppc64 registers in Go's numbering (generated from Go's a.out.go into [`super::aout`]), their
//! names as Go's `-S` prints them (list9.go `rconv`), the parser's register table
//! (cmd/asm/internal/arch/arch.go `archPPC64`) and the DWARF mapping (a.out.go
//! `PPC64DWARFRegisters`).

use std::borrow::Cow;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

pub use super::aout::*;
use crate::frame::cfi::RegisterMapper;
use crate::prog::Reg;

/// Go's `rconv`.
pub fn rconv(r: i64) -> Cow<'static, str> {
    if r == 0 {
        return "NONE".into();
    }
    if r == REGG {
        return "g".into();
    }
    match r {
        _ if (REG_R0..=REG_R31).contains(&r) => format!("R{}", r - REG_R0).into(),
        _ if (REG_F0..=REG_F31).contains(&r) => format!("F{}", r - REG_F0).into(),
        _ if (REG_V0..=REG_V31).contains(&r) => format!("V{}", r - REG_V0).into(),
        _ if (REG_VS0..=REG_VS63).contains(&r) => format!("VS{}", r - REG_VS0).into(),
        _ if (REG_CR0..=REG_CR7).contains(&r) => format!("CR{}", r - REG_CR0).into(),
        _ if (REG_CR0LT..=REG_CR7SO).contains(&r) => {
            let bits = ["LT", "GT", "EQ", "SO"];
            format!("CR{}{}", (r - REG_CR0LT) / 4, bits[(r % 4) as usize]).into()
        }
        REG_CR => "CR".into(),
        _ if (REG_SPR0..=REG_SPR0 + 1023).contains(&r) => match r {
            REG_XER => "XER".into(),
            REG_LR => "LR".into(),
            REG_CTR => "CTR".into(),
            _ => format!("SPR({})", r - REG_SPR0).into(),
        },
        REG_FPSCR => "FPSCR".into(),
        REG_MSR => "MSR".into(),
        _ => format!("Rgok({})", r - 4096).into(),
    }
}

fn table() -> &'static FxHashMap<&'static str, i64> {
    static T: OnceLock<FxHashMap<&'static str, i64>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m: FxHashMap<&'static str, i64> = FxHashMap::default();
        let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
        let ranges = [
            (REG_R0, REG_R31),
            (REG_F0, REG_F31),
            (REG_V0, REG_V31),
            (REG_VS0, REG_VS63),
            (REG_CR0, REG_CR7),
            (REG_MSR, REG_CR),
            (REG_CR0LT, REG_CR7SO),
        ];
        for (lo, hi) in ranges {
            for i in lo..=hi {
                m.insert(leak(rconv(i).into_owned()), i);
            }
        }
        // rconv prints R30 as g: Go's table has "g" and no "R30"
        m.remove("g");
        m.insert("R0", REG_R0);
        m.insert("CR", REG_CR);
        m.insert("XER", REG_XER);
        m.insert("LR", REG_LR);
        m.insert("CTR", REG_CTR);
        m.insert("FPSCR", REG_FPSCR);
        m.insert("MSR", REG_MSR);
        // avoid unintentionally clobbering g using R30
        m.remove("R30");
        m.insert("g", REG_R30);
        m
    })
}

pub fn lookup(name: &str) -> Option<Reg> {
    table().get(name).map(|&r| Reg(r as u16))
}

/// Go's `ppc64RegisterNumber`: `CR(n)`, `VS(n)`, `V(n)`, `F(n)`, `R(n)`, `SPR(n)` (only the
/// prefixes of Go's `registerPrefix` reach it: CR, F, R, SPR).
pub fn prefix(name: &str, n: i64) -> Option<Reg> {
    let r = match name {
        "CR" if (0..=7).contains(&n) => REG_CR0 + n,
        "F" if (0..=31).contains(&n) => REG_F0 + n,
        "R" if (0..=31).contains(&n) => REG_R0 + n,
        "SPR" if (0..=1024).contains(&n) => REG_SPR0 + n,
        _ => return None,
    };
    Some(Reg(r as u16))
}

/// Go's `PPC64DWARFRegisters`.
pub struct Ppc64Dwarf;

/// ELF ABI callee-saved general registers: R14–R31 (R30 is g, R31 is Go's REGTMP).
static CALLEE_SAVED: [Reg; 16] = {
    let mut v = [Reg(0); 16];
    let mut i = 0;
    while i < 16 {
        v[i] = Reg((REG_R14 + i as i64) as u16);
        i += 1;
    }
    v
};

impl RegisterMapper for Ppc64Dwarf {
    fn sp(&self) -> u16 {
        1
    }
    fn return_address(&self) -> u16 {
        65
    }
    fn callee_saved(&self) -> &'static [Reg] {
        &CALLEE_SAVED
    }
    fn map(&self, r: Reg) -> Option<u16> {
        let r = r.0 as i64;
        let v = match r {
            _ if (REG_R0..=REG_R31).contains(&r) => r - REG_R0,
            _ if (REG_F0..=REG_F31).contains(&r) => r - REG_F0 + 32,
            _ if (REG_V0..=REG_V31).contains(&r) => r - REG_V0 + 77,
            _ if (REG_CR0..=REG_CR7).contains(&r) => r - REG_CR0 + 68,
            _ if (REG_VS0..=REG_VS31).contains(&r) => r - REG_VS0 + 32,
            _ if (REG_VS32..=REG_VS63).contains(&r) => r - REG_VS32 + 77,
            REG_LR => 65,
            REG_CTR => 66,
            REG_XER => 76,
            _ => return None,
        };
        Some(v as u16)
    }
}
