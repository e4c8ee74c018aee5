//! arm (32-bit, ARM mode): Go's cmd/internal/obj/arm, ported so that its bytes are Go's.
//! Register numbers, operand classes, `TYPE_SHIFT` offsets and the condition/suffix bits are
//! Go's own values (see [`aout`], generated from Go's a.out.go), so that asm5.go ports line by
//! line.

pub mod anames;
pub mod aout;
pub mod encode;
pub mod frame;
pub mod ops;
pub mod optab;
pub mod regs;
pub mod reloc;

use std::borrow::Cow;
use std::sync::OnceLock;

use super::{Arch, Code, Ctx, ElfTarget, ShiftCount, ShiftOp};
use crate::emit::fixup::{ElfRelocs, Fixup, FixupKindInfo};
use crate::frame::FrameIsa;
use crate::frame::cfi::RegisterMapper;
use crate::prog::{Addr, Func, Op, Reg};
use crate::target::GoArch;
use regs::*;

pub struct Arm;

pub static ARM: Arm = Arm;

/// ELF e_flags: EABI version 5 (EF_ARM_EABI_VER5), no float-ABI bit: such an object links
/// into soft-float and hard-float programs alike (crossarch.md).
pub const E_FLAGS: u32 = 0x0500_0000;

/// The `.ARM.attributes` contents (ARM IHI 0045 "Addenda to the ARM ABI", build attributes):
/// one `aeabi` subsection for the whole file with Go's baseline, ARMv5TE (`Tag_CPU_arch` 4, the
/// GOARM=5 floor; ARM code, no Thumb), and `Tag_ABI_VFP_args` 3 — Go's ABI0 passes nothing in
/// registers, so the code is compatible with the base and the VFP variants of AAPCS and links
/// into hard-float programs. Linkers read `Tag_CPU_arch` to know BLX exists (ld.lld warns when
/// no object says so).
pub fn attributes() -> Vec<u8> {
    // (tag, value) pairs, all ULEB128 values below 128
    const TAGS: [(u8, u8); 4] = [
        (6, 4),  // Tag_CPU_arch: ARMv5TE
        (8, 1),  // Tag_ARM_ISA_use: yes
        (9, 0),  // Tag_THUMB_ISA_use: no
        (28, 3), // Tag_ABI_VFP_args: compatible with both
    ];
    let mut file: Vec<u8> = vec![1]; // Tag_File
    let size = 1 + 4 + 2 * TAGS.len() as u32;
    file.extend_from_slice(&size.to_le_bytes());
    for (t, v) in TAGS {
        file.extend_from_slice(&[t, v]);
    }
    let vendor = b"aeabi\0";
    let len = 4 + vendor.len() as u32 + file.len() as u32;
    let mut out = vec![b'A'];
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(vendor);
    out.extend_from_slice(&file);
    out
}

/// The GOARM level the macros in effect select (`GOARM_5`, `GOARM_6`, `GOARM_7`; the last
/// wins, so `-D GOARM_7` overrides the predefined level); Go 1.19's default is 5.
pub fn goarm(defines: &[String]) -> u8 {
    let mut level = 5;
    for d in defines {
        let name = d.split('=').next().unwrap_or("");
        match name {
            "GOARM_5" => level = 5,
            "GOARM_6" => level = 6,
            "GOARM_7" => level = 7,
            _ => {}
        }
    }
    level
}

/// arch/arm.go's `armLS` and `armSCOND`: one suffix name as Go's `parseARMCondition` reads it.
pub fn suffix_bits(s: &str) -> Option<u16> {
    let v = match s {
        "U" => C_UBIT,
        "S" => C_SBIT,
        "W" => C_WBIT,
        "P" => C_PBIT,
        "PW" | "WP" => C_WBIT | C_PBIT,
        "EQ" => C_SCOND_EQ,
        "NE" => C_SCOND_NE,
        "CS" | "HS" => C_SCOND_HS,
        "CC" | "LO" => C_SCOND_LO,
        "MI" => C_SCOND_MI,
        "PL" => C_SCOND_PL,
        "VS" => C_SCOND_VS,
        "VC" => C_SCOND_VC,
        "HI" => C_SCOND_HI,
        "LS" => C_SCOND_LS,
        "GE" => C_SCOND_GE,
        "LT" => C_SCOND_LT,
        "GT" => C_SCOND_GT,
        "LE" => C_SCOND_LE,
        "AL" => C_SCOND_NONE,
        "F" => C_FBIT,
        "IBW" => C_WBIT | C_PBIT | C_UBIT,
        "IAW" => C_WBIT | C_UBIT,
        "DBW" => C_WBIT | C_PBIT,
        "DAW" => C_WBIT,
        "IB" => C_PBIT | C_UBIT,
        "IA" => C_UBIT,
        "DB" => C_PBIT,
        "DA" => 0,
        _ => return None,
    };
    Some(v as u16)
}

/// Go's `CConvARM`: the suffix as `-S` prints it.
pub fn cconv(s: u16) -> &'static str {
    static T: OnceLock<Vec<&'static str>> = OnceLock::new();
    let t = T.get_or_init(|| {
        const COND: [&str; 16] = [
            ".EQ", ".NE", ".CS", ".CC", ".MI", ".PL", ".VS", ".VC", ".HI", ".LS", ".GE", ".LT", ".GT", ".LE", "", ".NV",
        ];
        (0..256i64)
            .map(|s| {
                let mut sc = COND[((s & C_SCOND) ^ C_SCOND_XOR) as usize].to_string();
                if s & C_SBIT != 0 {
                    sc.push_str(".S");
                }
                if s & C_PBIT != 0 {
                    sc.push_str(".P");
                }
                if s & C_WBIT != 0 {
                    sc.push_str(".W");
                }
                if s & C_UBIT != 0 {
                    sc.push_str(".U");
                }
                &*Box::leak(sc.into_boxed_str())
            })
            .collect()
    });
    t[(s & 0xff) as usize]
}

/// Go's `rlconv`: a register list.
pub fn rlconv(list: u64) -> String {
    let mut s = String::new();
    for i in 0..16 {
        if list & (1 << i) != 0 {
            s.push(if s.is_empty() { '[' } else { ',' });
            if i == REGG - REG_R0 {
                s.push('g');
            } else {
                s.push_str(&format!("R{i}"));
            }
        }
    }
    s.push(']');
    s
}

impl Arch for Arm {
    fn goarch(&self) -> GoArch {
        GoArch::Arm
    }
    fn register(&self, name: &str) -> Option<Reg> {
        regs::lookup(name)
    }
    fn register_prefix(&self, prefix: &str, n: i64) -> Option<Reg> {
        regs::prefix(prefix, n)
    }
    /// Go's registerListARM: R0–R15 are bits 0–15.
    fn register_list_bit(&self, r: Reg) -> Option<u32> {
        let r = r.0 as i64;
        (REG_R0..=REG_R15).contains(&r).then(|| (r - REG_R0) as u32)
    }

    /// Go's registerShift for arm: `(r1&15) | op<<5 | count`, the count `(r2&15)<<8 | 1<<4`
    /// for a register or `(x&31)<<7` for a constant below 32.
    fn register_shift(&self, r: Reg, op: ShiftOp, count: ShiftCount) -> Result<i64, String> {
        let op = match op {
            ShiftOp::Lsl => 0,
            ShiftOp::Lsr => 1,
            ShiftOp::Asr => 2,
            ShiftOp::Ror => 3,
        };
        let count = match count {
            ShiftCount::Reg(r2) => ((r2.0 as i64) & 15) << 8 | 1 << 4,
            ShiftCount::Const(x) if x >= 32 => return Err(format!("register shift count too large: {x}")),
            ShiftCount::Const(x) => (x & 31) << 7,
        };
        Ok(((r.0 as i64) & 15) | op << 5 | count)
    }

    /// `R1<<2(R3)`: Go keeps the base in the Addr's `Reg`; p9asm folds it above bit 32.
    fn shift_base(&self, v: i64, base: Reg) -> Result<i64, String> {
        Ok(v | (base.0 as i64) << 32)
    }

    fn operand_text(&self, a: &Addr) -> Option<String> {
        match a {
            Addr::Shift(v) => {
                let ops = "<<>>->@>".as_bytes();
                let k = (((v >> 5) & 3) << 1) as usize;
                let (o0, o1) = (ops[k] as char, ops[k + 1] as char);
                let mut s = if v & (1 << 4) != 0 {
                    format!("R{}{o0}{o1}R{}", v & 15, (v >> 8) & 15)
                } else {
                    format!("R{}{o0}{o1}{}", v & 15, (v >> 7) & 31)
                };
                let base = v >> 32;
                if base != 0 {
                    s.push_str(&format!("({})", regs::rconv(base)));
                }
                Some(s)
            }
            Addr::RegList(v) => Some(rlconv(*v)),
            _ => None,
        }
    }

    fn suffix_text(&self, p: &crate::prog::Prog) -> &'static str {
        cconv(p.suffix)
    }

    fn opcode(&self, name: &str) -> Option<Op> {
        ops::lookup(name)
    }
    fn op_name(&self, op: Op) -> &'static str {
        ops::name(op)
    }
    /// Go's `parseARMCondition`, one name at a time: `.S`, `.P`, `.W`, `.U`, `.PW`, the
    /// conditions, and MOVM's `.IA`/`.DB`... (`B.NE` becomes BNE in the encoder's adapter).
    fn suffix(&self, _op: Op, s: &str) -> Result<u16, String> {
        suffix_bits(s).ok_or_else(|| format!("unrecognized condition code .{s:?}"))
    }
    /// A chain (`.S.EQ`, `.W.NE`) as Go's `parseARMCondition` combines it: `.U .S .W .P .PW .WP`
    /// accumulate; a condition (or `.F`, MOVM's `.IA`/`.DB`...) replaces the condition nibble,
    /// so the last condition wins (`.EQ.NE` is `.NE`).
    fn suffixes(&self, op: Op, parts: &[&str]) -> Result<u16, String> {
        let mut bits = 0u16;
        for s in parts {
            let b = self.suffix(op, s)?;
            bits = if matches!(*s, "U" | "S" | "W" | "P" | "PW" | "WP") {
                bits | b
            } else {
                (bits & !(C_SCOND as u16)) | b
            };
        }
        Ok(bits)
    }

    fn preprocess(&self, f: &mut Func, cx: &mut Ctx) {
        frame::preprocess(f, cx);
    }
    fn assemble(&self, f: &mut Func, cx: &mut Ctx) -> Code {
        let level = goarm(cx.defines);
        encode::assemble(f, cx, level)
    }
    fn elf(&self) -> ElfTarget {
        ElfTarget { architecture: object::Architecture::Arm, e_flags: E_FLAGS, text_fill: 0, func_align: 4 }
    }
    fn fixup_kinds(&self) -> &'static [FixupKindInfo] {
        &reloc::FIXUP_KINDS
    }
    fn reloc(&self, fx: &Fixup) -> Result<ElfRelocs, String> {
        reloc::elf_reloc(fx)
    }
    fn rel_addend_field(&self, r_type: u32) -> Option<crate::emit::field::FieldLayout> {
        reloc::rel_addend_field(r_type)
    }
    /// libgcc's arm unwinder reads `.ARM.exidx`, never `.eh_frame` (see frame/ehabi.rs).
    fn ehabi_unwind(&self) -> bool {
        true
    }
    /// AAELF's `$a` (A32 code) and `$d` (literal pools).
    fn mapping_symbols(&self) -> Option<(&'static str, &'static str)> {
        Some(("$a", "$d"))
    }
    fn attributes_section(&self) -> Option<(&'static str, u32, Vec<u8>)> {
        Some((".ARM.attributes", object::elf::SHT_ARM_ATTRIBUTES.0, attributes()))
    }
    fn dwarf(&self) -> &dyn RegisterMapper {
        &regs::ArmDwarf
    }
}

impl FrameIsa for Arm {
    fn register_name(&self, r: Reg) -> Cow<'static, str> {
        regs::rconv(r.0 as i64)
    }
    fn is_jump(&self, op: Op) -> bool {
        ops::is_jump(op)
    }
    /// A condition suffix other than AL: `RET.EQ`, `B.NE` (BNE is a conditional branch by
    /// its opcode already), `MOVW.P.EQ`.
    fn is_predicated(&self, p: &crate::prog::Prog) -> bool {
        frame::conditional(p)
    }
    fn frame_pointer(&self) -> Option<Reg> {
        None
    }
    fn writes_register(&self, p: &crate::prog::Prog, r: Reg) -> bool {
        if p.op.is_pseudo() {
            return false;
        }
        frame::writes_sp(p) && r == Reg(REGSP as u16)
            || matches!(p.args.last().map(|a| &a.addr), Some(Addr::Reg(x)) if *x == r)
                && !encode::is_cmp(p.op)
                && !matches!(p.op, anames::CMPF | anames::CMPD)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arch::Arch;

    #[test]
    fn condition_chains_keep_the_last_condition_as_go() {
        let op = ops::lookup("ADD").unwrap();
        let chain = |p: &[&str]| ARM.suffixes(op, p).unwrap();
        assert_eq!(chain(&["EQ", "NE"]), chain(&["NE"]));
        assert_eq!(chain(&["S", "EQ", "NE"]), chain(&["S", "NE"]));
        assert_eq!(chain(&["NE", "S"]), chain(&["S", "NE"]));
        assert_eq!(chain(&["P", "W"]), chain(&["PW"]));
        assert_ne!(chain(&["EQ"]), chain(&["NE"]));
    }
}
