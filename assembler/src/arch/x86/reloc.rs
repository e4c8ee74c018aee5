//! x86 fixups to ELF relocations (Go's cmd/link/internal/{amd64,x86}/asm.go `elfreloc1`).

use object::elf;

use super::Mode;
use crate::emit::field::{FieldLayout, Range};
use crate::emit::fixup::{ElfReloc, ElfRelocs, Fixup, FixupKind, FixupKindInfo, RelocTarget};

/// The symbol `g` lives in: Go's linker defines `runtime.tlsg`; p9asm references it and the
/// program linking the object defines it (an 8-byte TLS variable).
pub const TLS_G: &str = "runtime.tlsg";

/// The 32-bit displacement of a direct CALL or JMP to a symbol.
pub const CALL32: FixupKind = FixupKind(FixupKind::FIRST_ARCH);
/// A 32-bit offset from the thread pointer to the TLS slot of `g` (local-exec model).
pub const TLS_LE32: FixupKind = FixupKind(FixupKind::FIRST_ARCH + 1);
/// The 32-bit PC-relative displacement of the GOT slot that holds g's offset from the thread
/// pointer (initial-exec model, amd64 `-shared`).
pub const TLS_IE32: FixupKind = FixupKind(FixupKind::FIRST_ARCH + 2);

pub static FIXUP_KINDS: [FixupKindInfo; 3] = [
    FixupKindInfo {
        name: "call32",
        field: Some(FieldLayout::whole(4, Range::Signed)),
        pcrel: true,
        local: true,
        tls: false,
    },
    FixupKindInfo {
        name: "tls_le32",
        field: Some(FieldLayout::whole(4, Range::Signed)),
        pcrel: false,
        local: false,
        tls: true,
    },
    FixupKindInfo {
        name: "tls_ie32",
        field: Some(FieldLayout::whole(4, Range::Signed)),
        pcrel: true,
        // the GOT slot is the linker's: never resolved in the object
        local: false,
        tls: true,
    },
];

pub fn elf_reloc(mode: Mode, fx: &Fixup) -> Result<ElfRelocs, String> {
    let target = fx.sym.map(RelocTarget::Sym);
    // Go's PC-relative addends are relative to the end of the field, ELF's to its start.
    let pcrel = fx.add - fx.size as i64;
    let tls = Some(RelocTarget::Named { name: TLS_G, tls: true });
    let (r_type, addend, target) = match (mode, fx.kind) {
        (Mode::Amd64, CALL32) => (elf::R_X86_64_PLT32, pcrel, target),
        (Mode::Amd64, FixupKind::PCREL32) => (elf::R_X86_64_PC32, pcrel, target),
        (Mode::Amd64, FixupKind::ABS32) => (elf::R_X86_64_32, fx.add, target),
        (Mode::Amd64, FixupKind::ABS64) => (elf::R_X86_64_64, fx.add, target),
        (Mode::Amd64, TLS_LE32) => (elf::R_X86_64_TPOFF32, fx.add, tls),
        // Go's addend (-4) is already relative to the field's start
        (Mode::Amd64, TLS_IE32) => (elf::R_X86_64_GOTTPOFF, fx.add, tls),
        (Mode::I386, CALL32 | FixupKind::PCREL32) => (elf::R_386_PC32, pcrel, target),
        (Mode::I386, FixupKind::ABS32) => (elf::R_386_32, fx.add, target),
        (Mode::I386, TLS_LE32) => (elf::R_386_TLS_LE, fx.add, tls),
        (_, k) => return Err(format!("no ELF relocation for fixup kind {} in {mode:?} mode", k.0)),
    };
    Ok(smallvec::smallvec![ElfReloc { offset: 0, r_type: r_type.0, addend, target }])
}
