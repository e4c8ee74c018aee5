//! arm64: Go's cmd/internal/obj/arm64, ported so that its bytes are Go's. Register numbers,
//! operand classes, `TYPE_SHIFT`/`TYPE_REGLIST` offsets and special operands are Go's own
//! values (see [`aout`], generated from Go's a.out.go), so that asm7.go ports line by line.

pub mod anames;
pub mod aout;
pub mod encode;
pub mod frame;
pub mod ops;
pub mod optab;
pub mod regs;
pub mod reloc;

use std::borrow::Cow;

use super::{Arch, Code, Ctx, ElfTarget, ShiftCount, ShiftOp};
use crate::emit::fixup::{ElfRelocs, Fixup, FixupKindInfo};
use crate::frame::FrameIsa;
use crate::frame::cfi::RegisterMapper;
use crate::prog::{Addr, Func, Op, Reg};
use crate::target::GoArch;
use regs::*;

pub struct Arm64;

pub static ARM64: Arm64 = Arm64;

/// The name of a special operand (Go's `SPCconv`).
pub fn spop_name(v: i64) -> Option<&'static str> {
    if (SPOP_BEGIN..SPOP_END).contains(&v) { SPOP_NAMES.get(v as usize).copied() } else { None }
}

/// Go's `rlconv`: a vector register list.
pub fn rlconv(list: i64) -> String {
    let first = list & 31;
    let cnt = match (list >> 12) & 15 {
        0x7 => 1,
        0xa => 2,
        0x6 => 3,
        0x2 => 4,
        _ => -1,
    };
    let t = match ((list >> 30) & 1) << 2 | (list >> 10) & 3 {
        0 => "B8",
        4 => "B16",
        1 => "H4",
        5 => "H8",
        2 => "S2",
        6 => "S4",
        3 => "D1",
        _ => "D2",
    };
    let mut s = String::new();
    for i in 0..cnt {
        s.push(if s.is_empty() { '[' } else { ',' });
        s.push_str(&format!("V{}.{t}", (first + i) & 31));
    }
    s.push(']');
    s
}

impl Arch for Arm64 {
    fn goarch(&self) -> GoArch {
        GoArch::Arm64
    }
    fn register(&self, name: &str) -> Option<Reg> {
        regs::lookup(name)
    }
    fn register_prefix(&self, prefix: &str, n: i64) -> Option<Reg> {
        regs::prefix(prefix, n)
    }

    /// Go's `ARM64RegisterShift` and the arm64 checks of `registerShift`.
    fn register_shift(&self, r: Reg, op: ShiftOp, count: ShiftCount) -> Result<i64, String> {
        let reg = r.0 as i64;
        let op = match op {
            ShiftOp::Lsl => 0,
            ShiftOp::Lsr => 1,
            ShiftOp::Asr => 2,
            ShiftOp::Ror => 3,
        };
        let count = match count {
            ShiftCount::Reg(r2) => return Err(format!("rhs of shift must be integer: {}", regs::rconv(r2.0 as i64))),
            ShiftCount::Const(x) if x >= 64 => return Err(format!("register shift count too large: {x}")),
            ShiftCount::Const(x) => ((x & 63) << 10) as i16,
        };
        if !(REG_R0..=REG_R31).contains(&reg) {
            return Err("invalid register for shift operation".into());
        }
        Ok((reg & 31) << 16 | op << 22 | count as u16 as i64)
    }

    /// Go's `ARM64RegisterExtension`.
    fn register_extension(&self, r: Reg, ext: &str, amount: Option<i64>, index: Option<i64>) -> Result<Addr, String> {
        let reg = r.0 as i64;
        let is_index = index.is_some();
        let is_amount = !is_index;
        let num = index.or(amount).unwrap_or(0) as i16 as i64;
        let rnum = (reg & 31) + ((num << 5) as i16 as i64);
        if is_amount && !(0..=7).contains(&num) {
            return Err("index shift amount is out of range".into());
        }
        let out = |v: i64| Ok(Addr::Reg(Reg(v as u16)));
        if (REG_R0..=REG_R31).contains(&reg) {
            if !is_amount {
                return Err("invalid register extension".into());
            }
            return match ext {
                "UXTB" => out(REG_UXTB + rnum),
                "UXTH" => out(REG_UXTH + rnum),
                "UXTW" => out(REG_UXTW + rnum),
                "UXTX" => out(REG_UXTX + rnum),
                "SXTB" => out(REG_SXTB + rnum),
                "SXTH" => out(REG_SXTH + rnum),
                "SXTW" => out(REG_SXTW + rnum),
                "SXTX" => out(REG_SXTX + rnum),
                "LSL" => out(REG_LSL + rnum),
                _ => Err(format!("unsupported general register extension type: {ext}")),
            };
        }
        if (REG_V0..=REG_V31).contains(&reg) {
            let arng = |a: i64| -> Result<Addr, String> {
                if is_index {
                    return Err("invalid register extension".into());
                }
                out(REG_ARNG + (reg & 31) + ((a & 15) << 5))
            };
            let elem = |a: i64| -> Result<Addr, String> {
                match index {
                    None => out(reg),
                    Some(i) => Ok(Addr::Element(Reg((REG_ELEM + (reg & 31) + ((a & 15) << 5)) as u16), i)),
                }
            };
            return match ext {
                "B8" => arng(ARNG_8B),
                "B16" => arng(ARNG_16B),
                "H4" => arng(ARNG_4H),
                "H8" => arng(ARNG_8H),
                "S2" => arng(ARNG_2S),
                "S4" => arng(ARNG_4S),
                "D1" => arng(ARNG_1D),
                "D2" => arng(ARNG_2D),
                "Q1" => arng(ARNG_1Q),
                "B" => elem(ARNG_B),
                "H" => elem(ARNG_H),
                "S" => elem(ARNG_S),
                "D" => elem(ARNG_D),
                _ => Err(format!("unsupported simd register extension type: {ext}")),
            };
        }
        Err("invalid register and extension combination".into())
    }

    /// Go's `ARM64RegisterArrangement` for each register, then `ARM64RegisterListOffset`.
    fn vector_list(&self, regs: &[Reg]) -> Result<u64, String> {
        let mut first = -1i64;
        let mut next = -1i64;
        let mut arrangement = 0i64;
        for (i, r) in regs.iter().enumerate() {
            let r = r.0 as i64;
            if !(REG_ARNG..REG_ELEM).contains(&r) {
                return Err("expect V0 through V31 with an arrangement in ARM64 register list".into());
            }
            let (q, size) = match (r >> 5) & 15 {
                ARNG_8B => (0, 0),
                ARNG_16B => (1, 0),
                ARNG_4H => (0, 1),
                ARNG_8H => (1, 1),
                ARNG_2S => (0, 2),
                ARNG_4S => (1, 2),
                ARNG_1D => (0, 3),
                ARNG_2D => (1, 3),
                _ => return Err("invalid arrangement in ARM64 register list".into()),
            };
            let cur = (q & 1) << 30 | (size & 3) << 10;
            let reg = r & 31;
            if i == 0 {
                first = reg;
                next = reg;
                arrangement = cur;
            } else if cur != arrangement {
                return Err("inconsistent arrangement in ARM64 register list".into());
            } else if next != reg {
                return Err(format!("incontiguous register in ARM64 register list: V{reg}"));
            }
            next = (next + 1) % 32;
        }
        let mut offset = first;
        offset |= match regs.len() {
            1 => 0x7 << 12,
            2 => 0xa << 12,
            3 => 0x6 << 12,
            4 => 0x2 << 12,
            _ => return Err("invalid register numbers in ARM64 register list".into()),
        };
        offset |= arrangement;
        offset |= 1 << 60;
        Ok(offset as u64)
    }

    /// Go's `GetARM64SpecialOperand` (with `CS` = `HS` and `CC` = `LO`).
    fn special_operand(&self, name: &str) -> Option<i64> {
        match name {
            "CS" => return Some(SPOP_HS),
            "CC" => return Some(SPOP_LO),
            _ => {}
        }
        SPOP_NAMES.iter().position(|n| *n == name).map(|i| i as i64)
    }

    /// `(R1)(R2)`, `(R1)(R2*1)`, `(R1)(R2<<3)`, `(R1)(R2.UXTW<<2)`, `(R1)(R2.SXTW)`,
    /// `(R1)(R2.SXTX)`: Go's `Index` (the register, or its extended form) and scale.
    fn memory_index(&self, index: &Addr, scale: Option<u8>) -> Result<(Reg, u8), String> {
        match (index, scale) {
            (_, Some(s)) if s != 1 => Err("arm64 doesn't support scaled register format".into()),
            (Addr::Reg(r), _) => {
                let v = r.0 as i64;
                let bad = [
                    (REG_UXTB, REG_UXTH),
                    (REG_UXTH, REG_UXTW),
                    (REG_UXTX, REG_SXTB),
                    (REG_SXTB, REG_SXTH),
                    (REG_SXTH, REG_SXTW),
                ];
                if bad.iter().any(|(lo, hi)| (*lo..*hi).contains(&v)) {
                    return Err("invalid shift for the register offset addressing mode".into());
                }
                Ok((*r, scale.unwrap_or(0)))
            }
            _ => Err("invalid register offset: expected (Rn)(Rm), (Rn)(Rm<<n) or (Rn)(Rm.UXTW<<n)".into()),
        }
    }

    fn operand_text(&self, a: &Addr) -> Option<String> {
        match a {
            Addr::Shift(v) => {
                let ops = "<<>>->@>".as_bytes();
                let k = (((v >> 22) & 3) << 1) as usize;
                Some(format!(
                    "{}{}{}{}",
                    regs::rconv(((v >> 16) & 31) + REG_R0),
                    ops[k] as char,
                    ops[k + 1] as char,
                    (v >> 10) & 63
                ))
            }
            Addr::Element(r, i) => Some(format!("{}[{i}]", regs::rconv(r.0 as i64))),
            Addr::Special(v) => Some(spop_name(*v).unwrap_or("SPC_??").to_string()),
            Addr::RegList(v) => Some(rlconv(*v as i64)),
            _ => None,
        }
    }

    fn suffix_text(&self, p: &crate::prog::Prog) -> &'static str {
        match p.suffix as i64 {
            C_XPRE => ".W",
            C_XPOST => ".P",
            _ => "",
        }
    }

    /// Go's progedit turns a `$0` From or To into ZR before anything is listed (not in the
    /// PCDATA the frame pass adds after it, nor in PRFM's destination).
    fn listed_operand(&self, p: &crate::prog::Prog, k: usize) -> Option<&'static str> {
        if p.op == Op::TEXT || (p.op == Op::PCDATA && p.mark & crate::prog::mark::SYNTH != 0) {
            return None;
        }
        if p.args.get(k).map(|a| &a.addr) != Some(&Addr::Imm(0)) {
            return None;
        }
        let n = p.args.len();
        let from = k == 0 && !(n == 1 && p.op == Op::RET);
        let to = k + 1 == n && !(n == 2 && encode::is_cmp(p.op)) && p.op != anames::PRFM;
        (from || to).then_some("ZR")
    }

    fn opcode(&self, name: &str) -> Option<Op> {
        ops::lookup(name)
    }
    fn op_name(&self, op: Op) -> &'static str {
        ops::name(op)
    }
    /// Go's `parseARM64Suffix`: `.P` (post-index) and `.W` (pre-index).
    fn suffix(&self, _op: Op, s: &str) -> Result<u16, String> {
        match s {
            "P" => Ok(C_XPOST as u16),
            "W" => Ok(C_XPRE as u16),
            _ => Err(format!("unrecognized suffix .{s:?}")),
        }
    }

    fn preprocess(&self, f: &mut Func, cx: &mut Ctx) {
        frame::preprocess(f, cx);
    }
    fn assemble(&self, f: &mut Func, cx: &mut Ctx) -> Code {
        encode::assemble(f, cx)
    }
    fn elf(&self) -> ElfTarget {
        ElfTarget { architecture: object::Architecture::Aarch64, e_flags: 0, text_fill: 0, func_align: 16 }
    }
    fn fixup_kinds(&self) -> &'static [FixupKindInfo] {
        &reloc::FIXUP_KINDS
    }
    fn reloc(&self, fx: &Fixup) -> Result<ElfRelocs, String> {
        reloc::elf_reloc(fx)
    }
    fn dwarf(&self) -> &dyn RegisterMapper {
        &regs::Arm64Dwarf
    }
}

impl FrameIsa for Arm64 {
    fn register_name(&self, r: Reg) -> Cow<'static, str> {
        regs::rconv(r.0 as i64)
    }
    fn is_jump(&self, op: Op) -> bool {
        ops::is_jump(op)
    }
    fn frame_pointer(&self) -> Option<Reg> {
        Some(Reg(REGFP as u16))
    }
    fn writes_register(&self, p: &crate::prog::Prog, r: Reg) -> bool {
        if p.op.is_pseudo() {
            return false;
        }
        let name = ops::name(p.op);
        if name.starts_with("CMP") || name.starts_with("CMN") || name.starts_with("TST") || name.starts_with("ST") {
            return false;
        }
        matches!(p.last(), Addr::Reg(x) if (x.0 as i64 & 31) == (r.0 as i64 & 31) && (REG_R0..=REG_R31).contains(&(x.0 as i64)))
    }
}
