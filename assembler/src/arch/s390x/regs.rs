//! s390x registers in Go's numbering (constants generated from Go's a.out.go into
//! [`super::aout`]), their names as Go's `-S` prints them (listz.go `rconv`), the parser's
//! register table (cmd/asm/internal/arch/arch.go `archS390x`) and the DWARF mapping.

use std::borrow::Cow;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

pub use super::aout::*;
use crate::frame::cfi::RegisterMapper;
use crate::prog::Reg;

/// DWARF register numbers of the s390x ELF ABI (gimli has none for s390x): r0–r15 are 0–15,
/// the floating-point registers f0, f2, f4, f6 are 16–19, f1, f3, f5, f7 are 20–23, f8, f10,
/// f12, f14 are 24–27, f9, f11, f13, f15 are 28–31, and the access registers are 48–63 (Go's
/// `S390XDWARFRegisters`).
pub mod dwarf {
    pub const R0: u16 = 0;
    pub const R14: u16 = 14;
    pub const R15: u16 = 15;
    pub const F0: u16 = 16;
    pub const AR0: u16 = 48;
}

/// Go's `rconv`.
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
        _ if (REG_AR0..=REG_AR15).contains(&r) => format!("AR{}", r - REG_AR0).into(),
        _ if (REG_V0..=REG_V31).contains(&r) => format!("V{}", r - REG_V0).into(),
        _ => format!("Rgok({})", r - REG_R0).into(),
    }
}

/// The parser's register table: R0–R15 (without R13), F0–F15, V0–V31, AR0–AR15, `LR`, `g`.
fn table() -> &'static FxHashMap<String, i64> {
    static T: OnceLock<FxHashMap<String, i64>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m = FxHashMap::default();
        for i in (REG_R0..=REG_R15).chain(REG_F0..=REG_F15).chain(REG_V0..=REG_V31).chain(REG_AR0..=REG_AR15) {
            m.insert(rconv(i).into_owned(), i);
        }
        // Go names registers with obj.Rconv, which prints R13 as g; it then deletes R13 and
        // adds g, so R13 is not a register name
        m.remove("g");
        m.insert("R13".into(), REG_R13);
        m.insert("LR".into(), REG_LR);
        m.remove("R13");
        m.insert("g".into(), REG_R13);
        m
    })
}

pub fn lookup(name: &str) -> Option<Reg> {
    table().get(name).map(|&r| Reg(r as u16))
}

/// Go's `s390xRegisterNumber`: `AR(n)`, `F(n)`, `R(n)`, `V(n)`.
pub fn prefix(name: &str, n: i64) -> Option<Reg> {
    let r = match name {
        "AR" if (0..=15).contains(&n) => REG_AR0 + n,
        "F" if (0..=15).contains(&n) => REG_F0 + n,
        "R" if (0..=15).contains(&n) => REG_R0 + n,
        "V" if (0..=31).contains(&n) => REG_V0 + n,
        _ => return None,
    };
    Some(Reg(r as u16))
}

/// Go's `S390XDWARFRegisters`.
pub struct S390xDwarf;

/// The s390x ELF ABI's callee-saved general registers: R6–R13 (R13 is Go's g, R14 the link
/// register, R15 the stack pointer).
static CALLEE_SAVED: [Reg; 8] = {
    let mut v = [Reg(0); 8];
    let mut i = 0;
    while i < 8 {
        v[i] = Reg((REG_R6 + i as i64) as u16);
        i += 1;
    }
    v
};

/// The DWARF number of floating-point register n (f0, f2, f4, f6, f1, f3, ... order).
fn freg_dwarf(n: i64) -> u16 {
    let base = match n {
        0 | 2 | 4 | 6 => 16,
        1 | 3 | 5 | 7 => 20,
        8 | 10 | 12 | 14 => 24,
        _ => 28,
    };
    base + ((n & 7) >> 1) as u16
}

impl RegisterMapper for S390xDwarf {
    fn sp(&self) -> u16 {
        dwarf::R15
    }
    fn return_address(&self) -> u16 {
        dwarf::R14
    }
    fn callee_saved(&self) -> &'static [Reg] {
        &CALLEE_SAVED
    }
    fn map(&self, r: Reg) -> Option<u16> {
        let r = r.0 as i64;
        match r {
            _ if (REG_R0..=REG_R15).contains(&r) => Some(dwarf::R0 + (r - REG_R0) as u16),
            _ if (REG_F0..=REG_F15).contains(&r) => Some(freg_dwarf(r - REG_F0)),
            // V0–V15 alias F0–F15 (Go maps them alike; V16–V31 have no DWARF number there)
            _ if (REG_V0..=REG_V15).contains(&r) => Some(freg_dwarf(r - REG_V0)),
            _ if (REG_AR0..=REG_AR15).contains(&r) => Some(dwarf::AR0 + (r - REG_AR0) as u16),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_dwarf() {
        assert_eq!(lookup("R1"), Some(Reg((REG_R0 + 1) as u16)));
        assert_eq!(lookup("R13"), None);
        assert_eq!(lookup("g"), Some(Reg(REG_R13 as u16)));
        assert_eq!(lookup("LR"), Some(Reg(REG_R14 as u16)));
        assert_eq!(lookup("V31"), Some(Reg(REG_V31 as u16)));
        assert_eq!(lookup("AR3"), Some(Reg(REG_AR3 as u16)));
        assert_eq!(rconv(REG_R13), "g");
        assert_eq!(rconv(REG_F7), "F7");
        let d = S390xDwarf;
        assert_eq!(d.map(Reg(REG_R15 as u16)), Some(15));
        assert_eq!(d.map(Reg(REG_F0 as u16)), Some(16));
        assert_eq!(d.map(Reg(REG_F2 as u16)), Some(17));
        assert_eq!(d.map(Reg(REG_F1 as u16)), Some(20));
        assert_eq!(d.map(Reg(REG_F15 as u16)), Some(31));
        assert_eq!(d.map(Reg(REG_AR1 as u16)), Some(49));
        assert_eq!(d.return_address(), 14);
    }
}
