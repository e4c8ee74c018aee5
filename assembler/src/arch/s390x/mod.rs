//! s390x (z/Architecture): Go's cmd/internal/obj/s390x, ported so that its bytes are Go's.
//! Register numbers, operand classes, the opcode words and the instruction table are Go's own
//! (see [`aout`], generated from Go's a.out.go, asmz.go and vector.go), so that asmz.go ports
//! line by line. Big-endian; instructions are 2, 4 or 6 bytes, so pc tables count halfwords.

// generated files, kept as the generator writes them (tools/gen-tables/tests/generated.rs)
#[rustfmt::skip]
pub mod anames;
#[rustfmt::skip]
pub mod aout;
pub mod encode;
pub mod frame;
pub mod ops;
pub mod optab;
pub mod regs;
pub mod reloc;

use std::borrow::Cow;

use super::{Arch, Code, Ctx, ElfTarget};
use crate::emit::fixup::{ElfRelocs, Fixup, FixupKindInfo};
use crate::frame::FrameIsa;
use crate::frame::cfi::RegisterMapper;
use crate::prog::{Addr, Func, Op, Reg};
use crate::target::GoArch;

pub struct S390x;

pub static S390X: S390x = S390x;

impl Arch for S390x {
    fn goarch(&self) -> GoArch {
        GoArch::S390x
    }
    fn register(&self, name: &str) -> Option<Reg> {
        regs::lookup(name)
    }
    fn register_prefix(&self, prefix: &str, n: i64) -> Option<Reg> {
        regs::prefix(prefix, n)
    }
    /// s390x indexes as `off(base)(index*1)`: the index register with scale 1 (Go's parser
    /// takes `(R2)` with no scale too).
    fn memory_index(&self, index: &Addr, scale: Option<u8>) -> Result<(Reg, u8), String> {
        match (index, scale) {
            (Addr::Reg(r), Some(1) | None) => Ok((*r, 1)),
            (Addr::Reg(_), Some(s)) => Err(format!("s390x has no scaled index: (R*{s}); use (R*1)")),
            _ => Err("the index of an s390x memory operand is a register: (R*1)".into()),
        }
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
        encode::assemble(f, cx)
    }
    fn elf(&self) -> ElfTarget {
        // Go's external objects for s390x carry e_flags 1 (cmd/link/internal/ld/elf.go)
        ElfTarget { architecture: object::Architecture::S390x, e_flags: 1, text_fill: 0, func_align: 16 }
    }
    fn fixup_kinds(&self) -> &'static [FixupKindInfo] {
        &reloc::FIXUP_KINDS
    }
    fn reloc(&self, fx: &Fixup) -> Result<ElfRelocs, String> {
        reloc::elf_reloc(fx)
    }
    fn dwarf(&self) -> &dyn RegisterMapper {
        &regs::S390xDwarf
    }
}

impl FrameIsa for S390x {
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
        if p.op.is_pseudo() || p.args.len() < 2 {
            return false;
        }
        let name = ops::name(p.op);
        if name.starts_with("CMP") || name.starts_with("ST") || name.starts_with("MVC") || name.starts_with("CLC") {
            return false;
        }
        matches!(p.last(), Addr::Reg(x) if *x == r)
    }
}
