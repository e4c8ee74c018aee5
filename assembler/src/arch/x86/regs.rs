//! x86 registers, numbered in Go's order (cmd/internal/obj/x86/a.out.go, starting at 1), and
//! their DWARF numbers.

use crate::frame::cfi::RegisterMapper;
use crate::prog::Reg;

/// Register names in numbering order; `Reg(n)` is `NAMES[n - 1]`.
pub const NAMES: [&str; 200] = [
    "AL", "CL", "DL", "BL", "SPB", "BPB", "SIB", "DIB", "R8B", "R9B", "R10B", "R11B", "R12B", "R13B", "R14B", "R15B",
    "AX", "CX", "DX", "BX", "SP", "BP", "SI", "DI", "R8", "R9", "R10", "R11", "R12", "R13", "R14", "R15", "AH", "CH",
    "DH", "BH", "F0", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "M0", "M1", "M2", "M3", "M4", "M5", "M6", "M7", "K0",
    "K1", "K2", "K3", "K4", "K5", "K6", "K7", "X0", "X1", "X2", "X3", "X4", "X5", "X6", "X7", "X8", "X9", "X10", "X11",
    "X12", "X13", "X14", "X15", "X16", "X17", "X18", "X19", "X20", "X21", "X22", "X23", "X24", "X25", "X26", "X27",
    "X28", "X29", "X30", "X31", "Y0", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7", "Y8", "Y9", "Y10", "Y11", "Y12", "Y13",
    "Y14", "Y15", "Y16", "Y17", "Y18", "Y19", "Y20", "Y21", "Y22", "Y23", "Y24", "Y25", "Y26", "Y27", "Y28", "Y29",
    "Y30", "Y31", "Z0", "Z1", "Z2", "Z3", "Z4", "Z5", "Z6", "Z7", "Z8", "Z9", "Z10", "Z11", "Z12", "Z13", "Z14", "Z15",
    "Z16", "Z17", "Z18", "Z19", "Z20", "Z21", "Z22", "Z23", "Z24", "Z25", "Z26", "Z27", "Z28", "Z29", "Z30", "Z31",
    "CS", "SS", "DS", "ES", "FS", "GS", "GDTR", "IDTR", "LDTR", "MSW", "TASK", "CR0", "CR1", "CR2", "CR3", "CR4",
    "CR5", "CR6", "CR7", "CR8", "CR9", "CR10", "CR11", "CR12", "CR13", "CR14", "CR15", "DR0", "DR1", "DR2", "DR3",
    "DR4", "DR5", "DR6", "DR7", "TR0", "TR1", "TR2", "TR3", "TR4", "TR5", "TR6", "TR7", "TLS",
];

pub const AL: u16 = 1;
pub const R15B: u16 = 16;
pub const AX: u16 = 17;
pub const CX: u16 = 18;
pub const DX: u16 = 19;
pub const BX: u16 = 20;
pub const SP: u16 = 21;
pub const BP: u16 = 22;
pub const SI: u16 = 23;
pub const DI: u16 = 24;
pub const R8: u16 = 25;
pub const R12: u16 = 29;
pub const R13: u16 = 30;
pub const R14: u16 = 31;
pub const R15: u16 = 32;
pub const AH: u16 = 33;
pub const BH: u16 = 36;
pub const F0: u16 = 37;
pub const M0: u16 = 45;
pub const K0: u16 = 53;
pub const X0: u16 = 61;
pub const X15: u16 = 76;
pub const X31: u16 = 92;
pub const Y0: u16 = 93;
pub const Z0: u16 = 125;
pub const CS: u16 = 157;
pub const GS: u16 = 162;
pub const CR0: u16 = 168;
pub const DR0: u16 = 184;
pub const TR0: u16 = 192;
pub const TLS: u16 = 200;
/// g lives in R14 under Go's register ABI; `g` is an alias on amd64.
pub const G: u16 = R14;

pub fn lookup(name: &str) -> Option<Reg> {
    static TABLE: std::sync::OnceLock<rustc_hash::FxHashMap<u32, u16>> = std::sync::OnceLock::new();
    // every register name is 1 to 4 ASCII bytes: pack it into a u32 and hash that
    fn key(name: &str) -> Option<u32> {
        let b = name.as_bytes();
        if b.is_empty() || b.len() > 4 {
            return None;
        }
        Some(b.iter().fold(0u32, |k, &c| k << 8 | c as u32))
    }
    let t = TABLE.get_or_init(|| {
        let mut m: rustc_hash::FxHashMap<u32, u16> =
            NAMES.iter().enumerate().filter_map(|(i, n)| Some((key(n)?, i as u16 + 1))).collect();
        m.insert(key("g").unwrap_or(0), G);
        m
    });
    t.get(&key(name)?).map(|&r| Reg(r))
}

pub fn name(r: Reg) -> &'static str {
    NAMES.get((r.0 as usize).wrapping_sub(1)).copied().unwrap_or("NONE")
}

/// Register classes the encoder cares about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// 8-bit AL..R15B (SPB..DIB need REX).
    Gp8,
    /// AH, CH, DH, BH (not encodable with REX).
    Gp8High,
    /// 16/32/64-bit general registers share AX..R15; the width comes from the opcode.
    Gp,
    X87,
    Mmx,
    Mask,
    Xmm,
    Ymm,
    Zmm,
    Seg,
    Control,
    Debug,
    Test,
    Tls,
    Other,
}

pub fn class(r: Reg) -> Class {
    match r.0 {
        AL..=R15B => Class::Gp8,
        AX..=R15 => Class::Gp,
        AH..=BH => Class::Gp8High,
        F0..=44 => Class::X87,
        M0..=52 => Class::Mmx,
        K0..=60 => Class::Mask,
        X0..=X31 => Class::Xmm,
        Y0..=124 => Class::Ymm,
        Z0..=156 => Class::Zmm,
        CS..=GS => Class::Seg,
        CR0..=183 => Class::Control,
        DR0..=191 => Class::Debug,
        TR0..=199 => Class::Test,
        TLS => Class::Tls,
        _ => Class::Other,
    }
}

/// The 4-bit (or 5-bit for X16-X31) hardware number of a register within its class.
pub fn hw(r: Reg) -> u8 {
    match class(r) {
        Class::Gp8 => (r.0 - AL) as u8,
        Class::Gp => (r.0 - AX) as u8,
        Class::Gp8High => (r.0 - AH) as u8 + 4,
        Class::X87 => (r.0 - F0) as u8,
        Class::Mmx => (r.0 - M0) as u8,
        Class::Mask => (r.0 - K0) as u8,
        Class::Xmm => (r.0 - X0) as u8,
        Class::Ymm => (r.0 - Y0) as u8,
        Class::Zmm => (r.0 - Z0) as u8,
        Class::Seg => (r.0 - CS) as u8,
        Class::Control => (r.0 - CR0) as u8,
        Class::Debug => (r.0 - DR0) as u8,
        Class::Test => (r.0 - TR0) as u8,
        _ => 0,
    }
}

/// The 64-bit general register with hardware number n.
pub fn gp(n: u8) -> Reg {
    Reg(AX + n as u16)
}

/// DWARF register numbers for x86-64 (System V psABI): RAX 0, RDX 1, RCX 2, RBX 3, RSI 4,
/// RDI 5, RBP 6, RSP 7, R8-R15 8-15, return address 16, XMM0-15 17-32.
pub struct Amd64Dwarf;

impl Amd64Dwarf {
    /// System V x86-64 callee-saved registers: RBX, RBP, R12-R15.
    pub fn callee_saved_regs(&self) -> &'static [Reg] {
        const S: [Reg; 6] = [Reg(BX), Reg(BP), Reg(R12), Reg(R13), Reg(R14), Reg(R15)];
        &S
    }
}

impl RegisterMapper for Amd64Dwarf {
    fn map(&self, r: Reg) -> Option<u16> {
        match class(r) {
            Class::Gp => Some([0, 2, 1, 3, 7, 6, 4, 5, 8, 9, 10, 11, 12, 13, 14, 15][hw(r) as usize]),
            Class::Xmm if hw(r) < 16 => Some(17 + hw(r) as u16),
            _ => None,
        }
    }
    fn sp(&self) -> u16 {
        7
    }
    fn return_address(&self) -> u16 {
        16
    }
    fn callee_saved(&self) -> &'static [Reg] {
        self.callee_saved_regs()
    }
}

/// The i386 System V DWARF numbering: EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI as 0..7 (the
/// hardware order), EIP (the return-address column) 8, XMM0-7 21..28.
pub struct I386Dwarf;

impl RegisterMapper for I386Dwarf {
    fn map(&self, r: Reg) -> Option<u16> {
        match class(r) {
            Class::Gp if hw(r) < 8 => Some(hw(r) as u16),
            Class::Xmm if hw(r) < 8 => Some(21 + hw(r) as u16),
            _ => None,
        }
    }
    fn sp(&self) -> u16 {
        4
    }
    fn return_address(&self) -> u16 {
        8
    }
    /// i386 System V callee-saved registers: EBX, EBP, ESI, EDI.
    fn callee_saved(&self) -> &'static [Reg] {
        const S: [Reg; 4] = [Reg(BX), Reg(BP), Reg(SI), Reg(DI)];
        &S
    }
}
