//! arm64 registers in Go's numbering (the constants are generated from Go's a.out.go into
//! [`super::aout`]), their names as Go's `-S` prints them (list7.go `rconv`), the register
//! table of the parser (cmd/asm/internal/arch/arch.go `archArm64`) and the DWARF mapping.

use std::borrow::Cow;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

pub use super::aout::*;
use crate::frame::cfi::RegisterMapper;
use crate::prog::Reg;

/// Go's `arrange`: the printed name of an arrangement.
pub fn arrange(a: i64) -> &'static str {
    match a {
        ARNG_8B => "B8",
        ARNG_16B => "B16",
        ARNG_4H => "H4",
        ARNG_8H => "H8",
        ARNG_2S => "S2",
        ARNG_4S => "S4",
        ARNG_1D => "D1",
        ARNG_2D => "D2",
        ARNG_B => "B",
        ARNG_H => "H",
        ARNG_S => "S",
        ARNG_D => "D",
        ARNG_1Q => "Q1",
        _ => "",
    }
}

fn regname(r: i64) -> String {
    if r & 31 == 31 { "ZR".into() } else { format!("R{}", r & 31) }
}

/// `SysRegEnc`: name, encoding and access flags of a system register.
pub fn sys_reg_enc(r: i64) -> Option<(&'static str, u32, u8)> {
    if r <= SYSREG_BEGIN || r >= SYSREG_END {
        return None;
    }
    let v = &SYSTEM_REG[(r - SYSREG_BEGIN - 1) as usize];
    Some((v.0, v.2, v.3))
}

/// Go's `rconv`.
pub fn rconv(r: i64) -> Cow<'static, str> {
    let ext = (r >> 5) & 7;
    if r == REGG {
        return "g".into();
    }
    let with_ext = |name: &str| -> Cow<'static, str> {
        if ext != 0 { format!("{}.{name}<<{ext}", regname(r)).into() } else { format!("{}.{name}", regname(r)).into() }
    };
    match r {
        _ if (REG_R0..=REG_R30).contains(&r) => format!("R{}", r - REG_R0).into(),
        REG_R31 => "ZR".into(),
        _ if (REG_F0..=REG_F31).contains(&r) => format!("F{}", r - REG_F0).into(),
        _ if (REG_V0..=REG_V31).contains(&r) => format!("V{}", r - REG_V0).into(),
        REGSP => "RSP".into(),
        _ if (REG_UXTB..REG_UXTH).contains(&r) => with_ext("UXTB"),
        _ if (REG_UXTH..REG_UXTW).contains(&r) => with_ext("UXTH"),
        _ if (REG_UXTW..REG_UXTX).contains(&r) => with_ext("UXTW"),
        _ if (REG_UXTX..REG_SXTB).contains(&r) => with_ext("UXTX"),
        _ if (REG_SXTB..REG_SXTH).contains(&r) => with_ext("SXTB"),
        _ if (REG_SXTH..REG_SXTW).contains(&r) => with_ext("SXTH"),
        _ if (REG_SXTW..REG_SXTX).contains(&r) => with_ext("SXTW"),
        _ if (REG_SXTX..REG_SPECIAL).contains(&r) => with_ext("SXTX"),
        _ if (REG_LSL..REG_LSL + (1 << 8)).contains(&r) => format!("R{}<<{}", r & 31, (r >> 5) & 7).into(),
        _ if (REG_ARNG..REG_ELEM).contains(&r) || (REG_ELEM..REG_ELEM_END).contains(&r) => {
            format!("V{}.{}", r & 31, arrange((r >> 5) & 15)).into()
        }
        _ => match sys_reg_enc(r) {
            Some((name, _, _)) => name.into(),
            None => format!("badreg({r})").into(),
        },
    }
}

/// The parser's register table: `R0`–`R30` (without `R18` and `R28`), `ZR`, `RSP`, `F0`–`F31`,
/// `V0`–`V31`, the system registers, and Go's aliases `R18_PLATFORM`, `LR`, `g`.
fn table() -> &'static FxHashMap<&'static str, i64> {
    static T: OnceLock<FxHashMap<&'static str, i64>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m: FxHashMap<&'static str, i64> = FxHashMap::default();
        let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
        m.insert("RSP", REGSP);
        for i in REG_R0..=REG_R31 {
            let name = rconv(i);
            m.insert(leak(name.into_owned()), i);
        }
        // rconv prints R28 as g; Go's table has both names until it deletes R28
        m.remove("R18");
        m.insert("R18_PLATFORM", REG_R18);
        for i in REG_F0..=REG_F31 {
            m.insert(leak(rconv(i).into_owned()), i);
        }
        for i in REG_V0..=REG_V31 {
            m.insert(leak(rconv(i).into_owned()), i);
        }
        for (name, r, _, _) in SYSTEM_REG.iter() {
            m.insert(name, *r);
        }
        m.insert("LR", REGLINK);
        m.remove("R28");
        m.insert("g", REG_R28);
        m
    })
}

pub fn lookup(name: &str) -> Option<Reg> {
    table().get(name).map(|&r| Reg(r as u16))
}

/// Go's `arm64RegisterNumber`: `R(n)`, `F(n)`, `V(n)`.
pub fn prefix(name: &str, n: i64) -> Option<Reg> {
    let r = match name {
        "F" if (0..=31).contains(&n) => REG_F0 + n,
        "R" if (0..=30).contains(&n) => REG_R0 + n,
        "V" if (0..=31).contains(&n) => REG_V0 + n,
        _ => return None,
    };
    Some(Reg(r as u16))
}

/// Go's `ARM64DWARFRegisters`: x0–x30 are 0–30, SP is 31, v0–v31 (and F0–F31) are 64–95.
pub struct Arm64Dwarf;

/// AAPCS64 callee-saved general registers: R19–R29 (R18 is the platform register, R28 is g).
static CALLEE_SAVED: [Reg; 11] = {
    let mut v = [Reg(0); 11];
    let mut i = 0;
    while i < 11 {
        v[i] = Reg((REG_R19 + i as i64) as u16);
        i += 1;
    }
    v
};

impl RegisterMapper for Arm64Dwarf {
    fn sp(&self) -> u16 {
        31
    }
    fn return_address(&self) -> u16 {
        30
    }
    fn callee_saved(&self) -> &'static [Reg] {
        &CALLEE_SAVED
    }
    fn map(&self, r: Reg) -> Option<u16> {
        let r = r.0 as i64;
        match r {
            _ if (REG_R0..=REG_R30).contains(&r) => Some((r - REG_R0) as u16),
            REGSP => Some(31),
            _ if (REG_F0..=REG_F31).contains(&r) => Some((r - REG_F0 + 64) as u16),
            _ if (REG_V0..=REG_V31).contains(&r) => Some((r - REG_V0 + 64) as u16),
            _ => None,
        }
    }
}
