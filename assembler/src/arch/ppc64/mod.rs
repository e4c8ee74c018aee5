//! ppc64 and ppc64le: Go's cmd/internal/obj/ppc64, ported so that its bytes are Go's. One
//! encoder serves both byte orders; the order comes from the GOARCH alone. Register numbers
//! and operand classes are Go's own values ([`aout`], generated from Go's a.out.go), and the
//! instruction tables are generated from asm9.go ([`optab`]), so that asm9.go ports line by
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

use super::{Arch, Code, Ctx, ElfFuncSymbols, ElfTarget};
use crate::emit::fixup::{ElfRelocs, Fixup, FixupKindInfo};
use crate::frame::FrameIsa;
use crate::frame::cfi::RegisterMapper;
use crate::prog::{Addr, Func, Op, Reg};
use crate::target::GoArch;
use regs::*;

pub struct Ppc64 {
    goarch: GoArch,
}

pub static PPC64: Ppc64 = Ppc64 { goarch: GoArch::Ppc64 };
pub static PPC64LE: Ppc64 = Ppc64 { goarch: GoArch::Ppc64le };

impl Ppc64 {
    fn big(&self) -> bool {
        self.goarch.big_endian()
    }
}

impl Arch for Ppc64 {
    fn goarch(&self) -> GoArch {
        self.goarch
    }
    fn register(&self, name: &str) -> Option<Reg> {
        regs::lookup(name)
    }
    fn register_prefix(&self, prefix: &str, n: i64) -> Option<Reg> {
        regs::prefix(prefix, n)
    }
    /// `(R1)(R2)` (scale 0, listed so), `(R1)(R2*1)` and `(R1+R2)` (scale 1, listed
    /// `(R1)(R2*1)`, as Go's parser makes it).
    fn memory_index(&self, index: &Addr, scale: Option<u8>) -> Result<(Reg, u8), String> {
        match (index, scale) {
            (Addr::Reg(r), None) => Ok((*r, 0)),
            (Addr::Reg(r), Some(1)) => Ok((*r, 1)),
            (Addr::Reg(_), Some(_)) => Err("ppc64 doesn't support scaled register format".into()),
            _ => Err("invalid index: expected (Rb)(Ra) or (Rb+Ra)".into()),
        }
    }
    fn register_sum(&self) -> bool {
        true
    }
    /// asm.go's 3-operand ppc64 jumps: the BO and BI operands are coerced with getConstant.
    fn jump_operand_is_constant(&self, _op: Op, k: usize, n: usize) -> bool {
        n == 3 && k < 2
    }
    fn opcode(&self, name: &str) -> Option<Op> {
        ops::lookup(name)
    }
    fn op_name(&self, op: Op) -> &'static str {
        ops::name(op)
    }
    fn preprocess(&self, f: &mut Func, cx: &mut Ctx) {
        frame::preprocess(f, cx);
    }
    fn assemble(&self, f: &mut Func, cx: &mut Ctx) -> Code {
        encode::assemble(f, cx, self.big())
    }
    /// ELFv1 (e_flags 1) for big-endian ppc64, ELFv2 (e_flags 2) for ppc64le.
    fn elf(&self) -> ElfTarget {
        ElfTarget {
            architecture: object::Architecture::PowerPc64,
            e_flags: if self.big() { 1 } else { 2 },
            text_fill: 0,
            func_align: 16,
        }
    }
    fn fixup_kinds(&self) -> &'static [FixupKindInfo] {
        &reloc::FIXUP_KINDS
    }
    fn reloc(&self, fx: &Fixup) -> Result<ElfRelocs, String> {
        reloc::elf_reloc(fx, self.big())
    }
    fn dwarf(&self) -> &dyn RegisterMapper {
        &regs::Ppc64Dwarf
    }
    /// ELFv1 (big-endian): every function with external linkage gets an `.opd` descriptor,
    /// so that C can call it through a function pointer. ELFv2 (little-endian) needs nothing:
    /// its local-entry bits in st_other say where a global entry that computes the TOC ends,
    /// and Go's code (not built -shared) has no such entry: the bits are 0, as Go's linker
    /// writes them.
    fn elf_func_symbols(&self) -> ElfFuncSymbols {
        if self.big() {
            ElfFuncSymbols::Descriptor {
                addr64: object::elf::R_PPC64_ADDR64.0,
                tocbase: object::elf::R_PPC64_TOC.0,
                call: object::elf::R_PPC64_REL24.0,
            }
        } else {
            ElfFuncSymbols::Code
        }
    }
}

impl FrameIsa for Ppc64 {
    fn register_name(&self, r: Reg) -> Cow<'static, str> {
        regs::rconv(r.0 as i64)
    }
    fn is_jump(&self, op: Op) -> bool {
        ops::is_jump(op)
    }
    fn frame_pointer(&self) -> Option<Reg> {
        None
    }
    fn writes_register(&self, p: &crate::prog::Prog, r: Reg) -> bool {
        if p.op.is_pseudo() {
            return false;
        }
        let name = ops::name(p.op);
        if name.starts_with("CMP") || name.starts_with("ST") || name.starts_with("FCMP") {
            return false;
        }
        matches!(p.last(), Addr::Reg(x) if *x == r && (REG_R0..=REG_R31).contains(&(x.0 as i64)))
    }
}
