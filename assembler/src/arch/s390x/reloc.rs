//! s390x fixups and their ELF relocations (Go's cmd/link/internal/s390x/asm.go `elfreloc1`).
//!
//! Go 1.19's s390x assembler makes these relocations: `R_PCRELDBL` (the 32-bit halfword-scaled
//! immediate of a RIL instruction: LARL, BRCL, the load/store relative long forms),
//! `R_CALL` (BRASL, and BRCL for a tail call), `R_GOTPCREL` (LGRL of a GOT slot),
//! `R_TLS_LE` (an 8-byte offset from the thread pointer in the instruction stream),
//! `R_TLS_IE` (LARL of the GOT slot holding that offset) and `R_ADDR` data words. Every
//! PC-relative field is the RIL immediate: 4 bytes at 2 from the instruction's start, counting
//! halfwords from the instruction's start (Go's addend is relative to the end of the field, so
//! the ELF addend, relative to the field, is Go's minus 4).

use object::elf;

use crate::emit::field::{FieldLayout, Range};
use crate::emit::fixup::{ElfReloc, ElfRelocs, Fixup, FixupKind, FixupKindInfo, RelocTarget};

/// Go's R_PCRELDBL: a RIL immediate, PC-relative in halfwords (R_390_PC32DBL).
pub const PCDBL32: FixupKind = FixupKind(FixupKind::FIRST_ARCH);
/// Go's R_CALL: BRASL/BRCL to a symbol (R_390_PLT32DBL, as C compilers call).
pub const CALLDBL32: FixupKind = FixupKind(FixupKind::FIRST_ARCH + 1);
/// Go's R_GOTPCREL: LGRL of the symbol's GOT slot (R_390_GOTENT).
pub const GOTENT: FixupKind = FixupKind(FixupKind::FIRST_ARCH + 2);
/// Go's R_TLS_LE: an 8-byte offset from the thread pointer (R_390_TLS_LE64).
pub const TLS_LE64: FixupKind = FixupKind(FixupKind::FIRST_ARCH + 3);
/// Go's R_TLS_IE: LARL of the GOT slot holding the offset (R_390_TLS_IEENT).
pub const TLS_IEENT: FixupKind = FixupKind(FixupKind::FIRST_ARCH + 4);

/// The RIL immediate: a signed 32-bit count of halfwords.
const RIL32: FieldLayout = FieldLayout { container: 4, pieces: &[(0, 32, 0)], shift: 1, range: Range::Signed };
const DATA64: FieldLayout = FieldLayout { container: 8, pieces: &[(0, 64, 0)], shift: 0, range: Range::Wrap };

pub static FIXUP_KINDS: [FixupKindInfo; 5] = [
    FixupKindInfo { name: "pcdbl32", field: Some(RIL32), pcrel: true, local: true, tls: false },
    FixupKindInfo { name: "calldbl32", field: Some(RIL32), pcrel: true, local: true, tls: false },
    FixupKindInfo { name: "gotent", field: Some(RIL32), pcrel: true, local: false, tls: false },
    FixupKindInfo { name: "tls_le64", field: Some(DATA64), pcrel: false, local: false, tls: true },
    FixupKindInfo { name: "tls_ieent", field: Some(RIL32), pcrel: true, local: false, tls: true },
];

/// Go 1.19 relocation type numbers (cmd/internal/objabi/reloctype.go) for `-S` listings.
pub mod go_reloc {
    pub const R_ADDR: u8 = 1;
    pub const R_CALL: u8 = 7;
    pub const R_TLS_LE: u8 = 15;
    pub const R_TLS_IE: u8 = 16;
    pub const R_GOTPCREL: u8 = 29;
    pub const R_PCRELDBL: u8 = 57;
}

/// The ELF relocation of `fx`.
pub fn elf_reloc(fx: &Fixup) -> Result<ElfRelocs, String> {
    let target = fx.sym.map(RelocTarget::Sym);
    let one = |r_type: u32, addend: i64| -> ElfRelocs {
        smallvec::smallvec![ElfReloc { offset: 0, r_type, addend, target: target.clone() }]
    };
    // Go's PC-relative addends count from the end of the 4-byte field, ELF's from its start
    let pcrel = fx.add - 4;
    Ok(match fx.kind {
        PCDBL32 => one(elf::R_390_PC32DBL.0, pcrel),
        CALLDBL32 => one(elf::R_390_PLT32DBL.0, pcrel),
        GOTENT => one(elf::R_390_GOTENT.0, pcrel),
        TLS_LE64 => one(elf::R_390_TLS_LE64.0, fx.add),
        TLS_IEENT => one(elf::R_390_TLS_IEENT.0, pcrel),
        FixupKind::ABS64 => one(elf::R_390_64.0, fx.add),
        FixupKind::ABS32 => one(elf::R_390_32.0, fx.add),
        // PC-relative data words (CFI's pc-begin) carry Go's end-of-field addend too
        FixupKind::PCREL32 => one(elf::R_390_PC32.0, pcrel),
        k => return Err(format!("no ELF relocation for s390x fixup kind {}", k.0)),
    })
}
