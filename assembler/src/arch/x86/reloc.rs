//! x86 fixups to ELF relocations (Go's cmd/link/internal/{amd64,x86}/asm.go `elfreloc1`).

use object::elf;

use super::Mode;
use crate::emit::fixup::{ElfReloc, Fixup, FixupKind, RelocTarget};

/// The symbol `g` lives in: Go's linker defines `runtime.tlsg`; p9asm references it and the
/// program linking the object defines it (an 8-byte TLS variable).
pub const TLS_G: &str = "runtime.tlsg";

pub fn elf_reloc(mode: Mode, fx: &Fixup) -> Result<ElfReloc, String> {
    let target = fx.sym.map(RelocTarget::Sym);
    // Go's PC-relative addends are relative to the end of the field, ELF's to its start.
    let pcrel = fx.add - fx.size as i64;
    let tls = Some(RelocTarget::Named { name: TLS_G, tls: true });
    let (r_type, addend, target) = match (mode, fx.kind) {
        (Mode::Amd64, FixupKind::Call32) => (elf::R_X86_64_PLT32, pcrel, target),
        (Mode::Amd64, FixupKind::PcRel32) => (elf::R_X86_64_PC32, pcrel, target),
        (Mode::Amd64, FixupKind::Abs(4)) => (elf::R_X86_64_32, fx.add, target),
        (Mode::Amd64, FixupKind::Abs(8)) => (elf::R_X86_64_64, fx.add, target),
        (Mode::Amd64, FixupKind::TlsLe32) => (elf::R_X86_64_TPOFF32, fx.add, tls),
        (Mode::I386, FixupKind::Call32 | FixupKind::PcRel32) => (elf::R_386_PC32, pcrel, target),
        (Mode::I386, FixupKind::Abs(4)) => (elf::R_386_32, fx.add, target),
        (Mode::I386, FixupKind::TlsLe32) => (elf::R_386_TLS_LE, fx.add, tls),
        (_, k) => return Err(format!("no ELF relocation for {k:?} in {mode:?} mode")),
    };
    Ok(ElfReloc { r_type: r_type.0, addend, target })
}
