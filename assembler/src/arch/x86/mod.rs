//! amd64 (and, by mode, 386 and amd64p32): Go's cmd/internal/obj/x86.

pub mod anames;
#[rustfmt::skip]
pub mod avx_optab;
pub mod encode;
pub mod frame;
pub mod ops;
pub mod optab;
pub mod regs;
pub mod reloc;

use std::borrow::Cow;

use p9asm_macros::Diag;

use super::{Arch, Code, Ctx, ElfTarget};
use crate::emit::fixup::{ElfRelocs, Fixup, FixupKindInfo};
use crate::frame::FrameIsa;
use crate::frame::cfi::RegisterMapper;
use crate::prog::{Func, Op, Reg, mark};
use crate::target::GoArch;

/// Operating mode of the encoder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// 64-bit code, 8-byte pointers.
    Amd64,
    /// 32-bit code (386).
    I386,
}

pub struct X86 {
    pub goarch: GoArch,
    pub mode: Mode,
}
/// Where a Prog's encoding is in the last round's [`Code`] (see `X86::assemble`); its pc there
/// is the last round's `pcs` entry. 12 bytes: one per Prog of a function, a function of a
/// million instructions holds twelve million.
#[derive(Clone, Copy, Default)]
struct Kept {
    /// Its size.
    size: u32,
    /// Its first fixup, and how many it has (an x86 instruction has at most two).
    fx: u32,
    nfx: u16,
    /// The encoding does not depend on the layout.
    reuse: bool,
}
/// Appends `from[at..at + len]` to `to`.
#[inline(always)]
fn copy_out(to: &mut Vec<u8>, from: &[u8], at: usize, len: usize) {
    const FIXED: usize = 16;
    if len <= FIXED && at + FIXED <= from.len() {
        // a fixed-size copy, then drop the excess
        let end = to.len() + len;
        to.extend_from_slice(&from[at..at + FIXED]);
        to.truncate(end);
    } else {
        to.extend_from_slice(&from[at..at + len]);
    }
}

pub static AMD64: X86 = X86 { goarch: GoArch::Amd64, mode: Mode::Amd64 };
/// 386: 32-bit mode, 4-byte pointers (Go's `Link386`).
pub static I386: X86 = X86 { goarch: GoArch::I386, mode: Mode::I386 };
/// amd64p32: 64-bit mode with 4-byte pointers and argument slots (Go 1.13's `Linkamd64p32`,
/// without NaCl: see book/src/x86-32.md).
pub static AMD64P32: X86 = X86 { goarch: GoArch::Amd64p32, mode: Mode::Amd64 };

impl X86 {
    pub fn ptr_size(&self) -> i64 {
        self.goarch.ptr_size() as i64
    }
    pub fn reg_size(&self) -> i64 {
        self.goarch.reg_size() as i64
    }
    /// Frames are built with 32-bit instructions (MOVL, CMPL, LEAL, ADDL/SUBL for ADJSP), g in
    /// CX: 386, and amd64p32, whose pointers and g fields are 4 bytes.
    pub fn narrow_frames(&self) -> bool {
        self.mode == Mode::I386 || self.goarch == GoArch::Amd64p32
    }
}

impl Arch for X86 {
    fn goarch(&self) -> GoArch {
        self.goarch
    }
    fn register(&self, name: &str) -> Option<Reg> {
        if self.mode != Mode::Amd64 && name == "g" {
            return None;
        }
        regs::lookup(name)
    }
    fn opcode(&self, name: &str) -> Option<Op> {
        ops::lookup(name)
    }
    fn op_name(&self, op: Op) -> &'static str {
        ops::name(op)
    }
    fn suffix(&self, _op: Op, s: &str) -> Result<u16, String> {
        encode::parse_suffix(&[s])
    }
    /// Go's `ParseSuffix`: the AVX-512 suffixes are one chain (`.RU_SAE.Z`), valid only as a
    /// whole, in Go's order.
    fn suffixes(&self, _op: Op, parts: &[&str]) -> Result<u16, String> {
        encode::parse_suffix(parts)
    }
    /// Go's `registerListX86`: `[Z0-Z3]`, the four-register source of 4FMAPS/4VNNIW.
    fn register_range(&self, lo: Reg, hi: Reg) -> Option<Result<u64, String>> {
        Some(Ok(encode::encode_register_range(lo, hi)))
    }
    fn operand_text(&self, a: &crate::prog::Addr) -> Option<String> {
        match a {
            crate::prog::Addr::RegList(v) => {
                let (lo, hi) = encode::decode_register_range(*v)?;
                Some(format!("[{}-{}]", regs::name(lo), regs::name(hi)))
            }
            _ => None,
        }
    }
    fn suffix_text(&self, p: &crate::prog::Prog) -> &'static str {
        encode::OP_SUFFIX_TABLE.get(p.suffix as usize).copied().unwrap_or("")
    }
    fn preprocess(&self, f: &mut Func, cx: &mut Ctx) {
        frame::preprocess(self, f, cx);
    }
    /// Go's span6: encode every Prog starting with short branches; a forward branch that turns
    /// out not to reach becomes long (sticky) and the function is encoded again. Instruction sizes
    /// on x86 depend on pcs only through branches, so once no branch grows the layout is final
    /// and forward displacements (encoded from the previous round's pcs) are patched in place.
    /// A round after the first encodes only what can depend on the layout ([`encode::encode`]
    /// says which Progs those are); the other Progs' bytes and fixups are copied from the
    /// previous round.
    fn assemble(&self, f: &mut Func, cx: &mut Ctx) -> Code {
        // Go sends a branch to a `JMP label` straight to the JMP's destination
        let mut span = encode::Span::thread(&mut f.progs);
        let n = f.progs.len();
        let mut pcs = vec![0u32; n];
        // Where each Prog's encoding went in the last round; one that does not depend on the
        // layout (everything but branches) is copied from there instead of encoded again.
        let mut kept = vec![Kept::default(); n];
        let mut prev = Code::default();
        let mut code = Code::default();
        code.bytes.reserve(n * 4);
        // operands Go renames to byte registers while encoding (applied when the layout is done)
        let mut renames: Vec<(usize, usize, u16)> = Vec::new();
        let settled = crate::emit::span::converge(cx.layout_rounds, |_| {
            code.bytes.clear();
            code.fixups.clear();
            span.begin_round(&f.progs);
            let mut ecx = encode::EncodeCx::new(self.mode, &f.progs, cx.syms, &span);
            ecx.shared = cx.shared;
            let mut failed = false;
            for i in 0..n {
                let start = code.bytes.len();
                let fx = code.fixups.len();
                let last_pc = std::mem::replace(&mut pcs[i], start as u32);
                let k = &mut kept[i];
                if k.reuse {
                    copy_out(&mut code.bytes, &prev.bytes, last_pc as usize, k.size as usize);
                    if k.nfx != 0 {
                        for x in &prev.fixups[k.fx as usize..k.fx as usize + k.nfx as usize] {
                            code.fixups.push(Fixup { offset: x.offset - last_pc + start as u32, ..x.clone() });
                        }
                    }
                } else {
                    match encode::encode(&ecx, &pcs, i, &mut code.bytes, &mut code.fixups) {
                        Ok(layout_dependent) => k.reuse = !layout_dependent,
                        Err(e) => {
                            // reported in whichever round finds it; the loop stops at the first failing round
                            code.bytes.truncate(start);
                            let origin = e.operand.map(|k| f.progs[i].arg_origin(k)).unwrap_or(f.progs[i].origin);
                            cx.diags.push(Diag::error(e.code, origin, e.msg));
                            failed = true;
                        }
                    }
                    k.nfx = (code.fixups.len() - fx) as u16;
                    k.size = (code.bytes.len() - start) as u32;
                }
                k.fx = fx as u32;
            }
            for (i, k, r) in ecx.take_renames() {
                renames.push((i as usize, k as usize, r));
            }
            if failed {
                return false;
            }
            let mut grew = false;
            for &i in span.branches() {
                let i = i as usize;
                let p = &f.progs[i];
                let size = kept[i].size;
                if let Some(t) = p.branch_target() {
                    let t = t as usize;
                    if t > i && p.mark & mark::LONG == 0 && encode::is_short_branch(p, size) {
                        let v = pcs[t] as i64 - (pcs[i] as i64 + size as i64);
                        if v > 127 {
                            f.progs[i].mark |= mark::LONG;
                            grew = true;
                        }
                    }
                }
            }
            if !grew {
                // final layout: fix forward displacements
                for &i in span.branches() {
                    let i = i as usize;
                    let Some(t) = f.progs[i].branch_target() else { continue };
                    let t = t as usize;
                    let size = kept[i].size;
                    if t <= i || size == 0 {
                        continue;
                    }
                    let end = (pcs[i] + size) as usize;
                    let v = pcs[t] as i64 - end as i64;
                    if encode::is_short_branch(&f.progs[i], size) {
                        code.bytes[end - 1] = v as i8 as u8;
                    } else {
                        code.bytes[end - 4..end].copy_from_slice(&(v as i32).to_le_bytes());
                    }
                }
                return false;
            }
            std::mem::swap(&mut prev, &mut code);
            code.bytes.reserve(prev.bytes.len() + 64);
            code.fixups.reserve(prev.fixups.len());
            true
        });
        if let Err(rounds) = settled {
            cx.diags.push(crate::emit::span::diverged(f.origin, rounds));
        }
        for ((p, &pc), k) in f.progs.iter_mut().zip(&pcs).zip(&kept) {
            p.pc = pc;
            p.size = k.size;
        }
        for (i, k, r) in renames {
            if let Some(a) = f.progs[i].args.get_mut(k)
                && matches!(a.addr, crate::prog::Addr::Reg(_))
            {
                a.addr = crate::prog::Addr::Reg(Reg(r));
            }
        }
        code
    }
    fn elf(&self) -> ElfTarget {
        match self.mode {
            // amd64p32: ELFCLASS32 EM_X86_64 with RELA (the x32 ABI)
            Mode::Amd64 if self.goarch == GoArch::Amd64p32 => ElfTarget {
                architecture: object::Architecture::X86_64_X32,
                e_flags: 0,
                text_fill: 0xcc,
                func_align: 32,
            },
            Mode::Amd64 => {
                ElfTarget { architecture: object::Architecture::X86_64, e_flags: 0, text_fill: 0xcc, func_align: 32 }
            }
            Mode::I386 => {
                ElfTarget { architecture: object::Architecture::I386, e_flags: 0, text_fill: 0xcc, func_align: 16 }
            }
        }
    }
    fn fixup_kinds(&self) -> &'static [FixupKindInfo] {
        &reloc::FIXUP_KINDS
    }
    fn reloc(&self, fx: &Fixup) -> Result<ElfRelocs, String> {
        reloc::elf_reloc(self.mode, fx)
    }
    fn dwarf(&self) -> &dyn RegisterMapper {
        match self.mode {
            // amd64p32 (x32) keeps the x86-64 numbering
            Mode::Amd64 => &regs::Amd64Dwarf,
            Mode::I386 => &regs::I386Dwarf,
        }
    }
}

impl FrameIsa for X86 {
    fn register_name(&self, r: Reg) -> Cow<'static, str> {
        Cow::Borrowed(regs::name(r))
    }
    fn is_jump(&self, op: Op) -> bool {
        ops::is_jump(op)
    }
    fn frame_pointer(&self) -> Option<Reg> {
        (self.goarch == GoArch::Amd64).then_some(Reg(regs::BP))
    }
    fn writes_register(&self, p: &crate::prog::Prog, r: Reg) -> bool {
        if p.op == anames::LEAVEQ || p.op == anames::LEAVEL {
            return regs::hw(r) == 5;
        }
        // every other write below names the register (a general one: 8, 16, 32 or 64 bits) as an
        // operand; this runs on every instruction of a function that keeps a frame pointer, and
        // nearly every one is done here
        let (hw, gp8) = (regs::hw(r), Reg(regs::AL + regs::hw(r) as u16));
        let dst = |a: &crate::prog::Addr| matches!(a, crate::prog::Addr::Reg(x) if *x == gp8 || regs::class(*x) == regs::Class::Gp && regs::hw(*x) == hw);
        if !p.args.iter().any(|a| dst(&a.addr)) {
            return false;
        }
        let name = ops::name(p.op);
        if p.op.is_pseudo()
            || name.starts_with("CMP") && !name.starts_with("CMPXCHG")
            || name.starts_with("TEST")
            || name.starts_with("PUSH")
            || matches!(name, "BTL" | "BTQ" | "BTW")
        {
            return false;
        }
        if name.starts_with("POP") || name.starts_with("XCHG") {
            return p.args.iter().any(|a| dst(&a.addr));
        }
        // MULX writes the low half through VEX.vvvv (its second operand) as well as the last
        if (name == "MULXQ" || name == "MULXL") && p.args.len() == 3 && dst(&p.args[1].addr) {
            return true;
        }
        p.args.len() >= 2 && dst(p.last())
            || p.args.len() == 1
                && matches!(
                    name,
                    "NEGQ" | "NOTQ" | "INCQ" | "DECQ" | "NEGL" | "NOTL" | "INCL" | "DECL" | "BSWAPQ" | "BSWAPL"
                )
                && dst(p.last())
    }
}
